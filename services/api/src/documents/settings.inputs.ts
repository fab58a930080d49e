import { Field, InputType, Int } from 'type-graphql';
import { z } from 'zod';

const MAX_LOGO_BYTES = 256 * 1024;

export const updateSettingsSchema = z.strictObject({
  letterheadName: z.string().trim().min(1).max(200).nullish(),
  letterheadAddress: z.string().trim().min(1).max(500).nullish(),
  letterheadLogoBase64: z
    .base64()
    .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 4, 'the logo may be at most 256 KiB')
    .nullish(),
  letterheadLogoType: z.enum(['image/png', 'image/jpeg']).nullish(),
  redactStaffNames: z.boolean().nullish(),
  filedReviewWorkingDays: z.number().int().min(1).max(30).nullish(),
  equalityReaderRoles: z.array(z.string().min(1).max(100)).min(1).max(20).nullish(),
});

@InputType({
  description: 'Changes to the front-line settings; absent fields are left as they are.',
})
export class UpdateFrontLineSettingsInput {
  @Field(() => String, { nullable: true, description: 'Name at the head of letters.' })
  letterheadName?: string | null;
  @Field(() => String, { nullable: true, description: 'Postal address under the name.' })
  letterheadAddress?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Logo image, base64 (PNG or JPEG, at most 256 KiB).',
  })
  letterheadLogoBase64?: string | null;
  @Field(() => String, { nullable: true, description: '`image/png` or `image/jpeg`.' })
  letterheadLogoType?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Show staff by role in evidence packs.' })
  redactStaffNames?: boolean | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Working days before an unconfirmed filed item escalates (1–30).',
  })
  filedReviewWorkingDays?: number | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Policy roles that may record and report protected characteristics.',
  })
  equalityReaderRoles?: string[] | null;
}
