import { z } from 'zod';
import { derestrictionSchema } from './appeals';
import {
  behaviourCategorySchema,
  channelSchema,
  checkSchema,
  restrictionTypeSchema,
  roleSchema,
} from './catalogues';
import { key, roleRefs } from './keys';
import {
  outcomeLettersSchema,
  disseminationSchema,
  letterTemplateSchema,
  registerSchema,
  retentionRuleSchema,
} from './records';
import { stageSchema } from './stages';

/** One council's managed-contact policy: everything the engine needs, nothing it hard-codes. */
export const policySchema = z.strictObject({
  slug: key,
  name: z.string().min(1),
  source: z
    .strictObject({
      title: z.string(),
      version: z.string().optional(),
      effective: z.string().optional(),
    })
    .optional(),
  population: z.number().int().positive(),
  benchmarking: z.strictObject({ optIn: z.boolean() }),
  roles: z.record(key, roleSchema),
  checks: z.record(key, checkSchema).default({}),
  behaviourCategories: z.record(key, behaviourCategorySchema),
  channels: z.record(key, channelSchema),
  restrictionTypes: z.record(key, restrictionTypeSchema),
  initialStage: key,
  stages: z.record(key, stageSchema),
  derestriction: derestrictionSchema.optional(),
  letters: z.record(key, letterTemplateSchema),
  outcomeLetters: outcomeLettersSchema,
  register: registerSchema,
  retention: z.array(retentionRuleSchema).default([]),
  dissemination: disseminationSchema,
  sensitiveFields: z.strictObject({ safeguardingReaders: roleRefs }),
});

export type Policy = z.infer<typeof policySchema>;
