import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { z } from 'zod';

export enum ConsultationSubject {
  PROPOSAL = 'proposal',
  REVIEW = 'review',
  DERESTRICTION = 'derestriction',
}
registerEnumType(ConsultationSubject, {
  name: 'ConsultationSubject',
  description: 'What a consultation informs.',
  valuesConfig: {
    PROPOSAL: { description: 'The case’s open proposal.' },
    REVIEW: { description: 'The next review of the case’s measures.' },
    DERESTRICTION: { description: 'A pending request to lift restrictions.' },
  },
});

const policyKey = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'should be a key of the council’s policy, e.g. director');

export const recordConsultationSchema = z
  .strictObject({
    caseId: z.uuid(),
    consultee: policyKey,
    note: z.string().trim().min(1).max(10000),
    subject: z.enum(ConsultationSubject).nullish(),
    derestrictionRequestId: z.uuid().nullish(),
    consultedUserId: z.uuid().nullish(),
    consultedName: z.string().trim().min(1).max(200).nullish(),
  })
  .transform((i) => ({ ...i, subject: i.subject ?? ConsultationSubject.PROPOSAL }));

@InputType({
  description:
    'A consultation: who was consulted (a role, and the person) and what they advised. Recorded by the person consulted, or by someone who takes the decision it informs, naming the person.',
})
export class RecordConsultationInput {
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'Role key of the person consulted, e.g. head-of-service-legal.' })
  consultee: string;
  @Field({ description: 'What they advised.' }) note: string;
  @Field(() => ConsultationSubject, {
    nullable: true,
    description: 'What it informs; PROPOSAL when not given.',
  })
  subject?: ConsultationSubject | null;
  @Field(() => ID, {
    nullable: true,
    description: 'DERESTRICTION: the pending request to lift restrictions.',
  })
  derestrictionRequestId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'The staff user consulted (they must hold the consultee role). Not needed when the person consulted records it.',
  })
  consultedUserId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The name of the person consulted, when they are not a user of Conduct.',
  })
  consultedName?: string | null;
}
