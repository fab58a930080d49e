import { ConfigError, commandOptions, loadConfig } from '@conduct/config';
import { signDevOperatorToken, signDevToken } from '../identity/dev-issuer';

const USAGE = 'usage: pnpm run token (--tenant <slug> | --operator) --email <email> [--ttl 8h]';

/**
 * `pnpm run token --tenant <slug> --email <email>`: prints a development-issuer token.
 * `pnpm run token --operator --email <email>`: the same for a platform operator.
 */
async function main(): Promise<void> {
  const { values } = commandOptions(
    {
      options: {
        tenant: { type: 'string' },
        email: { type: 'string' },
        operator: { type: 'boolean', default: false },
        ttl: { type: 'string', default: '8h' },
      },
    },
    USAGE,
  );
  if (!values.email || (!values.tenant && !values.operator) || (values.tenant && values.operator)) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  if (config.NODE_ENV === 'production') {
    console.error('the development issuer is not available when NODE_ENV=production');
    process.exit(1);
  }
  const token = values.operator
    ? await signDevOperatorToken(config.DEV_ISSUER_SECRET, values.email, values.ttl)
    : await signDevToken(
        config.DEV_ISSUER_SECRET,
        { tenant: values.tenant!, email: values.email },
        values.ttl,
      );
  console.log(token);
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
