import { z } from 'zod';
import { policySchema } from './policy';

/** Where the generated schema is committed, relative to the package root. */
export const POLICY_JSON_SCHEMA_FILE = 'policy.schema.json';

/**
 * The policy file's JSON Schema, generated from the zod schema so the two
 * cannot disagree; editors use it (yaml-language-server) to complete and
 * validate `policy.yaml`. Input side: fields with defaults may be left out.
 * Cross-references (a role that exists, a reachable stage) are the checker's.
 */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'Conduct council policy (tenants/<slug>/policy.yaml)',
  };
}

export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
