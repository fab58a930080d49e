import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * A command's options, parsed strictly. `--help` prints the usage and exits 0;
 * an unknown or malformed option prints what is wrong and the usage and exits 2,
 * never a stack trace.
 */
export function commandOptions<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  const args = config.args ?? process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (e) {
    if (!String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw e;
    console.error(`${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
}
