#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { POLICY_JSON_SCHEMA_FILE, policyJsonSchemaText } from '../schema/json-schema';

/** `pnpm --filter @conduct/policy run schema`: rewrites the committed policy.schema.json. */
const file = resolve(__dirname, '../..', POLICY_JSON_SCHEMA_FILE);
writeFileSync(file, policyJsonSchemaText());
process.stdout.write(`wrote ${file}\n`);
