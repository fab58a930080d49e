import { z } from 'zod';
import { clause, roleRefs } from './keys';

export const roleSchema = z
  .strictObject({
    label: z.string().min(1).describe('The post as the policy names it, e.g. "Chief Executive".'),
    description: z.string().optional().describe('What the post does under this policy.'),
    clause,
  })
  .describe('A post the policy names; staff users hold role keys.');

/** A pre-action check staff must attest before a decision (e.g. safeguarding considered). */
export const checkSchema = z
  .strictObject({
    label: z.string().min(1).describe("What the attesting person confirms, in the policy's words."),
    attestedBy: roleRefs
      .optional()
      .describe(
        'The role(s) that may attest the check (e.g. the decider must be satisfied). Absent: any member of staff on the case.',
      ),
    clause,
  })
  .describe(
    'A pre-action check staff must attest before a decision (e.g. safeguarding considered).',
  );

export const behaviourCategorySchema = z
  .strictObject({
    label: z.string().min(1).describe('The behaviour as the policy describes it.'),
    clause,
  })
  .describe('A kind of behaviour a logged contact may show.');

export const referralSchema = z
  .strictObject({
    label: z.string().min(1).describe('Where the case is referred, e.g. "Police".'),
    clause,
  })
  .describe(
    'A referral outside this policy (police, staff-protection procedure): recorded on the case, with no effect on its stage.',
  );

export const channelSchema = z
  .strictObject({ label: z.string().min(1).describe('The contact channel, e.g. "Telephone".') })
  .describe('A way the customer contacts the council.');

export const PARAMETER_TYPES = [
  'officer',
  'channel',
  'weekdays',
  'time-window',
  'minutes',
  'count',
  'text',
  'staff-user',
] as const;

export const parameterSpecSchema = z
  .strictObject({
    type: z
      .enum(PARAMETER_TYPES)
      .describe(
        'What kind of value: officer, channel, weekdays, time-window, minutes, count, text or staff-user (the id of a staff user of the council: a designated officer linked to their account; only they then confirm filed correspondence).',
      ),
    label: z.string().min(1).describe('How the letter names the detail, e.g. "Minutes per call".'),
    required: z.boolean().default(true).describe('Whether every use of the measure must give it.'),
  })
  .describe('A detail every instance of a measure carries.');
export type ParameterSpec = z.infer<typeof parameterSpecSchema>;

const parameterName = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*$/, 'should be a camelCase parameter name, e.g. officer');

/** A kind of "special measure" and the parameters every instance of it must carry. */
export const restrictionTypeSchema = z
  .strictObject({
    label: z.string().min(1).describe('The measure as the letter names it.'),
    parameters: z
      .record(parameterName, parameterSpecSchema)
      .default({})
      .describe('The details the measure needs, by camelCase name (e.g. officer, minutes).'),
    authority: roleRefs
      .optional()
      .describe(
        'Who alone may impose this measure (e.g. a bespoke "other special measure" with a free-text description); absent: whoever decides the step.',
      ),
    clause,
  })
  .describe('A kind of "special measure" and the details every instance of it must carry.');
export type RestrictionType = z.infer<typeof restrictionTypeSchema>;
