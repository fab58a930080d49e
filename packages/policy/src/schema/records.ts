import { z } from 'zod';
import { clause, key, roleRefs, severity } from './keys';
import { LETTER_PLACEHOLDERS } from './letter-placeholders';

const placeholderList = Object.entries(LETTER_PLACEHOLDERS)
  .map(([name, meaning]) => `{{${name}}} ${meaning}`)
  .join('; ');

export const letterSectionSchema = z
  .strictObject({
    key: key.describe('Identifies the section within its letter; unique per letter.'),
    heading: z.string().min(1).describe('The heading printed above the section.'),
    purpose: z
      .enum(['why', 'what', 'how-long', 'appeal', 'review', 'other'])
      .describe(
        'What the section is for; why / what / how-long / appeal are required in every restriction letter.',
      ),
    text: z.string().min(1).describe(`The section's text. Placeholders: ${placeholderList}.`),
  })
  .describe('One section of a letter.');

export const letterEnclosureSchema = z
  .union([
    z
      .strictObject({
        policyDocument: z
          .literal(true)
          .describe(
            'The council’s published policy, as its tenant admin uploaded it: attached to the PDF and listed.',
          ),
      })
      .describe('The council’s published policy.'),
    z
      .strictObject({
        title: z
          .string()
          .min(1)
          .max(200)
          .describe('The enclosure as the letter lists it, e.g. "Leaflet: support services".'),
      })
      .describe('Another document, listed by name and enclosed by whoever posts the letter.'),
  ])
  .describe('Something sent with the letter.');
export type LetterEnclosure = z.infer<typeof letterEnclosureSchema>;

export const letterTemplateSchema = z
  .strictObject({
    title: z
      .string()
      .min(1)
      .describe("The letter's title; may use the same placeholders as the text."),
    salutation: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'The greeting above the body, e.g. "Dear {{customerName}},"; placeholders: {{customerName}} and {{councilName}} only. Absent: "Dear {{customerName}}," (or the greeting a first section opens with).',
      ),
    sections: z.array(letterSectionSchema).min(1).describe('The sections, in the order printed.'),
    enclosures: z
      .array(letterEnclosureSchema)
      .optional()
      .describe(
        'What is sent with the letter, listed under "Enclosures" in this order. Required (with the policy document) when the text says a copy of the policy is enclosed.',
      ),
    clause,
  })
  .describe('A letter template the decisions and reviews name.');
export type LetterTemplate = z.infer<typeof letterTemplateSchema>;

/**
 * The letter written for each decision outside a transition or a review:
 * appeal and derestriction outcomes, and measures reaching their end date.
 * A decision whose letter is not named here is refused (the customer is always
 * told in writing); `notWritten` lists the outcomes the policy lets go unwritten.
 */
export const outcomeLettersSchema = z
  .strictObject({
    appeal: z
      .partialRecord(z.enum(['upheld', 'varied', 'dismissed']), key)
      .default({})
      .describe('The letter template for each appeal outcome.'),
    derestriction: z
      .partialRecord(z.enum(['granted', 'refused']), key)
      .default({})
      .describe('The letter template for each derestriction outcome.'),
    expiry: key.optional().describe('The letter sent when measures reach their end date.'),
    monitoringEnd: key
      .optional()
      .describe(
        'The letter sent when a monitoring period ends; none named: the review that follows writes.',
      ),
    notWritten: z
      .array(
        z.enum([
          'appeal.upheld',
          'appeal.varied',
          'appeal.dismissed',
          'derestriction.granted',
          'derestriction.refused',
          'expiry',
        ]),
      )
      .default([])
      .describe('Outcomes the policy lets go without a letter.'),
    clause,
  })
  .prefault({})
  .describe(
    'The letter written for appeal and derestriction outcomes and for expiry; an outcome with no letter named is refused unless listed in notWritten.',
  );
export type OutcomeLetters = z.infer<typeof outcomeLettersSchema>;

export const registerSchema = z
  .strictObject({
    keptBy: z.string().min(1).describe('Who keeps the register, as the policy says.'),
    readers: roleRefs
      .optional()
      .describe('The roles that may read the register. Absent: every member of staff.'),
    columns: z
      .array(
        z
          .strictObject({
            key: key.describe('Identifies the column.'),
            label: z.string().min(1).describe("The column heading, in the policy's words."),
            clause,
          })
          .describe('A column of the register.'),
      )
      .min(1)
      .describe('The columns the policy asks the register to show.'),
    clause,
  })
  .describe('The register of customers under the policy.');

export const retentionRuleSchema = z
  .strictObject({
    id: key.describe('Identifies the rule in deletion logs; unique in the policy.'),
    trigger: z
      .enum(['restriction-ended', 'case-dormant', 'case-closed'])
      .describe('The event the retention period runs from.'),
    after: z
      .strictObject({
        years: z.number().int().nonnegative().optional().describe('Years after the trigger.'),
        months: z.number().int().nonnegative().optional().describe('Months after the trigger.'),
        days: z.number().int().nonnegative().optional().describe('Days after the trigger.'),
      })
      .refine((a) => a.years !== undefined || a.months !== undefined || a.days !== undefined, {
        message: 'give years, months or days',
      })
      .describe('How long after the trigger the action is taken (years, months and/or days).'),
    action: z
      .enum(['destroy', 'anonymise'])
      .describe('What happens to the records when the period has passed.'),
    resetByActivity: z
      .boolean()
      .default(false)
      .describe('Whether further activity on the case restarts the clock (Cheshire §7).'),
    clause,
  })
  .describe('When records are destroyed or anonymised. Cases under a legal hold are skipped.');
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

export const disseminationSchema = z
  .strictObject({
    audiences: z
      .array(
        z
          .strictObject({
            key: key.describe('Identifies the audience.'),
            label: z.string().min(1).describe("Who is told, in the policy's words."),
            clause,
          })
          .describe('A group told about a decision.'),
      )
      .default([])
      .describe(
        'Groups the council tells about a decision (e.g. managers whose teams have contact).',
      ),
    electedMembers: z
      .strictObject({
        arrangement: z
          .enum(['informed', 'opt-in', 'opt-out', 'not-informed'])
          .describe(
            'Whether elected members are told: always, if they opt in, unless they opt out, or never.',
          ),
        perCustomer: z
          .boolean()
          .default(false)
          .describe(
            "Whether a member's opt-in or opt-out may be given for one customer's arrangement (Cheshire West Part A §1), overriding their general choice for that customer.",
          ),
        clause,
      })
      .describe('What elected members are told.'),
  })
  .describe('Who is told about decisions.');

export const LETTER_CHANNELS = ['post', 'recorded-delivery', 'email', 'hand'] as const;

export const letterSendingSchema = z
  .strictObject({
    markedSentBy: roleRefs
      .optional()
      .describe('The role(s) that may record a letter as sent. Absent: any member of staff.'),
    defaultChannels: z
      .array(z.enum(LETTER_CHANNELS))
      .min(1)
      .default(['post'])
      .describe(
        'How a letter is recorded as sent when the sender does not say: post, recorded-delivery, email or hand.',
      ),
    clause,
  })
  .prefault({})
  .describe('How letters are sent and who records them as sent.');

export const legalHoldsSchema = z
  .strictObject({
    setBy: roleRefs.describe('The role(s) that may place a legal hold on a case, with a reason.'),
    releasedBy: roleRefs.describe('The role(s) that may release it, with a reason.'),
    clause,
  })
  .describe('Legal holds: a held case is never purged by a retention rule.');

export const NOTIFICATION_EVENTS = [
  'contact-logged',
  'contact-while-inactive',
  'new-issue-while-restricted',
] as const;

export const staffNotificationSchema = z
  .strictObject({
    on: z
      .enum(NOTIFICATION_EVENTS)
      .describe(
        'contact-logged: a contact matching the categories or severity; contact-while-inactive: any new contact from a customer whose case is closed or dormant; new-issue-while-restricted: a contact raising a new issue from a customer whose measures are in force.',
      ),
    behaviourCategories: z
      .array(key)
      .default([])
      .describe('contact-logged: a contact in any of these categories notifies.'),
    minSeverity: severity
      .optional()
      .describe('contact-logged: a contact at least this severe notifies.'),
    notify: roleRefs.describe('The role(s) told, e.g. the service manager.'),
    clause,
  })
  .describe('Staff told at once when an event the policy names happens.');
export type StaffNotificationRule = z.infer<typeof staffNotificationSchema>;
