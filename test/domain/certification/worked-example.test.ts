import { describe, expect, it } from 'vitest';
import { evaluate, person, requirement, staff } from './fixtures';

// certification-rules.md / the 2023 page: a 1,200-person organization (both memberships) applying
// for Platform with 30 Practitioners and 1 Professional, who are separate people.
const worked = {
  companySize: 1200,
  finopsMembership: 'GENERAL' as const,
  linuxFoundationMember: true,
  people: [...staff(30, ['PRACTITIONER']), person(['PROFESSIONAL'])],
};

describe('the worked example', () => {
  it('program 2023: 30 + 5 = 35 Practitioner-equivalents, exactly the 35 the 500–4,999 tier needs', () => {
    const evaluation = evaluate('2023', 'PLATFORM', worked);
    const headcount = requirement(evaluation, 'INDIVIDUAL_CERTIFICATIONS');
    expect(headcount.status).toBe('MET');
    expect(headcount.shortfall).toBeNull();
    expect(evaluation.headcount).toEqual({
      companySize: 1200,
      columns: [{ credential: 'PRACTITIONER_EQUIVALENT', required: 35, counted: 35, shortfall: 0 }],
    });
    expect(headcount.explanation).toContain('1,200');
    expect(headcount.explanation).toContain('500–4,999');
    expect(headcount.explanation).toContain('35 counted, 35 required');
    expect(requirement(evaluation, 'FINOPS_MEMBERSHIP').status).toBe('MET');
    expect(requirement(evaluation, 'LF_MEMBERSHIP').status).toBe('MET');
  });

  it('program 2025: NOT_MET with the shortfall per column', () => {
    const evaluation = evaluate('2025', 'PLATFORM', worked);
    const headcount = requirement(evaluation, 'INDIVIDUAL_CERTIFICATIONS');
    expect(headcount.status).toBe('NOT_MET');
    expect(evaluation.headcount).toEqual({
      companySize: 1200,
      columns: [
        { credential: 'PRACTITIONER', required: 50, counted: 30, shortfall: 20 },
        { credential: 'PROFESSIONAL', required: 3, counted: 1, shortfall: 2 },
        { credential: 'FOCUS_ANALYST', required: 15, counted: 0, shortfall: 15 },
      ],
    });
    expect(headcount.shortfall).toBe('needs 20 more Practitioners, 2 more Professionals and 15 more FOCUS Analysts');
    expect(evaluation.outcome).toBe('NOT_ELIGIBLE');
  });
});
