import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@conduct/config';
import { signDevToken } from '../identity/dev-issuer';

/** `pnpm token --tenant <slug> --email <email>`: prints a development-issuer token. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      email: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  if (!values.tenant || !values.email) {
    console.error('usage: pnpm token --tenant <slug> --email <email> [--ttl 8h]');
    process.exit(2);
  }
  const config = loadConfig();
  if (config.NODE_ENV === 'production') {
    console.error('the development issuer is not available when NODE_ENV=production');
    process.exit(1);
  }
  console.log(
    await signDevToken(
      config.DEV_ISSUER_SECRET,
      { tenant: values.tenant, email: values.email },
      values.ttl,
    ),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
