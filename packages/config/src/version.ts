import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The product version: the root package.json's, so every service reports the same. */
export const packageVersion: string = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
