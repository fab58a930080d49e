import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const versionIn = (file: string) =>
  (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;

const ROOT_PACKAGE = join(__dirname, '..', '..', '..', 'package.json');

/**
 * The product version: the root package.json's, so every service reports the
 * same. In the container image (a `pnpm deploy` of the API) there is no root
 * package.json: the version this package was released with is the same number.
 */
export const packageVersion: string = existsSync(ROOT_PACKAGE)
  ? versionIn(ROOT_PACKAGE)
  : versionIn(join(__dirname, '..', 'package.json'));
