#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { checkPolicyText } from '../checking/check-policy-text';

/** `pnpm policy:check tenants/*\/policy.yaml`: one line per problem, "ok" per clean file. */
function main(files: string[]): number {
  if (files.length === 0) {
    process.stderr.write('usage: policy:check <policy.yaml|policy.json>...\n');
    return 2;
  }
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stdout.write(`${file}: cannot read the file: ${(e as Error).message}\n`);
      failed = true;
      continue;
    }
    const format = extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
    const { errors } = checkPolicyText(text, format);
    if (errors.length === 0) {
      process.stdout.write(`ok ${file}\n`);
      continue;
    }
    failed = true;
    for (const e of errors) {
      process.stdout.write(`${file}:${e.line ?? '?'}: ${e.path}: ${e.message}\n`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
