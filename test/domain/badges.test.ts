import { describe, expect, it } from 'vitest';
import {
  awardStatusOn,
  decodeStatusList,
  encodeStatusList,
  isEntrySet,
  judgeCredential,
  lastValidDay,
  STATUS_LIST_SIZE,
  statusListPosition,
} from '../../src/domain/badges/open-badge';

describe('award status', () => {
  const award = { issuedOn: '2026-01-10', expiresOn: '2027-01-10', revokedOn: null };
  it('is valid from the issue day up to the day before expiry; a revocation wins from its day on', () => {
    expect(awardStatusOn(award, '2026-01-09')).toBe('NOT_YET_VALID');
    expect(awardStatusOn(award, '2026-01-10')).toBe('VALID');
    expect(awardStatusOn(award, '2027-01-09')).toBe('VALID');
    expect(awardStatusOn(award, '2027-01-10')).toBe('EXPIRED');
    expect(awardStatusOn({ ...award, revokedOn: '2026-06-01' }, '2026-05-31')).toBe('VALID');
    expect(awardStatusOn({ ...award, revokedOn: '2026-06-01' }, '2026-06-01')).toBe('REVOKED');
    expect(awardStatusOn({ ...award, revokedOn: '2026-06-01' }, '2028-01-01')).toBe('REVOKED');
    expect(lastValidDay('2027-01-01')).toBe('2026-12-31');
  });

  it("judges a signed credential by its own dates and the award's revocation", () => {
    const credential = { validFrom: '2026-01-10T00:00:00Z', validUntil: '2027-01-10T00:00:00Z' };
    expect(judgeCredential(credential, { revokedOn: null }, new Date('2026-03-01T12:00:00Z'))).toBeNull();
    expect(judgeCredential(credential, { revokedOn: null }, new Date('2026-01-09T23:59:59Z'))).toBe('NOT_YET_VALID');
    expect(judgeCredential(credential, { revokedOn: null }, new Date('2027-01-10T00:00:00Z'))).toBe('EXPIRED');
    expect(judgeCredential(credential, { revokedOn: '2026-02-01' }, new Date('2027-02-01T00:00:00Z'))).toBe('REVOKED');
    expect(judgeCredential({ validFrom: 'soon' }, { revokedOn: null }, new Date())).toBe('MALFORMED');
  });
});

describe('bitstring status list', () => {
  it('sets entry 0 as the left-most bit, 16 KiB of bits, gzip and multibase base64url', () => {
    const encoded = encodeStatusList([0, 9, STATUS_LIST_SIZE - 1]);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded).not.toMatch(/[+/=]/);
    const bits = decodeStatusList(encoded);
    expect(bits.length).toBe(16_384);
    expect(bits[0]).toBe(0b1000_0000);
    expect(bits[1]).toBe(0b0100_0000);
    expect(bits[16_383]).toBe(0b0000_0001);
    expect([0, 1, 9, 10, STATUS_LIST_SIZE - 1].map((i) => isEntrySet(bits, i))).toEqual([true, false, true, false, true]);
    expect(() => encodeStatusList([STATUS_LIST_SIZE])).toThrow(RangeError);
  });

  it('places an index on its list and entry', () => {
    expect(statusListPosition(0)).toEqual({ list: 1, entry: 0 });
    expect(statusListPosition(131_071)).toEqual({ list: 1, entry: 131_071 });
    expect(statusListPosition(131_072)).toEqual({ list: 2, entry: 0 });
  });
});
