import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PATH_ACTIONS } from '../../domain/certification';
import { graphqlEnum } from '../../graphql/enums';
import { EvaluationOutcomeEnum, RequirementCodeEnum } from './certification.enums';

export const PathActionEnum = graphqlEnum(
  PATH_ACTIONS,
  'PathAction',
  'What a step asks: ADD_CREDENTIALS, MAP_CAPABILITIES, ADD_EVIDENCE, ADD_ACTIVITIES, GET_REVIEWED (waits on someone else), JOIN_MEMBERSHIP.',
);
export const ReviewSubjectEnum = graphqlEnum(['EVIDENCE', 'ACTIVITY', 'MAPPING'] as const, 'ReviewSubject', 'What a GET_REVIEWED step waits on.');

/** The framework's Capability, by id (the framework subgraph answers its slug and name). */
@ObjectType('Capability')
@Directive('@key(fields: "id", resolvable: false)')
export class CapabilityRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('PlannedActivity', { description: 'Activities an ADD_ACTIVITIES step asks for: a code, how many times, points each before caps.' })
export class PlannedActivityType {
  @Field(() => String)
  code!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Int)
  points!: number;
}

@ObjectType('EligibilityStep', { description: 'One concrete thing to do, naming the requirement it closes.' })
export class EligibilityStepType {
  @Field(() => RequirementCodeEnum)
  requirement!: string;

  @Field(() => PathActionEnum)
  action!: string;

  @Field(() => String, { nullable: true, description: 'ADD_CREDENTIALS: the credential kind each new holder must hold.' })
  credential!: string | null;

  @Field(() => Int, { description: 'People, capabilities, evidence items, points (ADD_ACTIVITIES) or items to review.' })
  quantity!: number;

  @Field(() => [CapabilityRef], { description: 'MAP_CAPABILITIES, and GET_REVIEWED of mappings: the capabilities, of the evaluated edition.' })
  capabilities!: CapabilityRef[];

  @Field(() => String, {
    nullable: true,
    description: 'ADD_EVIDENCE and GET_REVIEWED: the evidence or activity code; JOIN_MEMBERSHIP: GENERAL (FinOps Foundation) or LINUX_FOUNDATION.',
  })
  code!: string | null;

  @Field(() => ReviewSubjectEnum, { nullable: true, description: 'GET_REVIEWED: what waits for a reviewer.' })
  reviewOf!: string | null;

  @Field(() => [PlannedActivityType], { description: 'ADD_ACTIVITIES: which activities, how many times.' })
  activities!: PlannedActivityType[];

  @Field(() => String, { description: 'What to do, in a sentence; names an equally cheap alternative when there is one.' })
  explanation!: string;

  @Field(() => Int, {
    description:
      'Relative effort (a review 1, evidence or a mapping 2, an activity 3, a credential 2–12, a membership 20); steps come cheapest first.',
  })
  effort!: number;
}

@ObjectType('EligibilityPath', { description: 'The least an organization still has to do to become ELIGIBLE, cheapest first.' })
export class EligibilityPathType {
  @Field(() => EvaluationOutcomeEnum, { description: "The evaluation's outcome now." })
  outcome!: string;

  @Field(() => Boolean, {
    description: 'False (with no steps) when nothing the organization can do makes it eligible, e.g. a kind the program does not offer.',
  })
  reachable!: boolean;

  @Field(() => [EligibilityStepType])
  steps!: EligibilityStepType[];
}
