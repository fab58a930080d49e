import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'The council’s front-line settings: letterhead, redaction in evidence packs, filed-correspondence lead time, equality readers.',
})
export class FrontLineSettingsNode {
  @Field({ description: 'Name printed at the head of letters and packs.' }) letterheadName: string;
  @Field(() => String, { nullable: true, description: 'Postal address printed under the name.' })
  letterheadAddress: string | null;
  @Field({ description: 'Whether a logo image is set.' }) hasLogo: boolean;
  @Field({ description: 'Evidence packs show staff by role instead of by name.' })
  redactStaffNames: boolean;
  @Field(() => Int, {
    description:
      'Working days a designated officer has to confirm reading a filed item before it escalates (default 5).',
  })
  filedReviewWorkingDays: number;
  @Field(() => [String], {
    description:
      'Roles that may record and report protected characteristics (default: the policy’s safeguarding readers).',
  })
  equalityReaderRoles: string[];
}
