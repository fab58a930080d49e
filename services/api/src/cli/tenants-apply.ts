import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@conduct/config';
import { createDataSource } from '@conduct/db';
import { openConnections } from '../runtime/connections';
import { TENANTS_DIR, TenantFileError, applyTenants } from '../tenancy/apply-tenants';

/** `pnpm tenants:apply`: loads every council in tenants/; a no-op when nothing changed. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('tenants', config.LOG_LEVEL);
  const connections = await openConnections(config, logger, { redis: false });
  const ds = createDataSource(connections.databaseUrl, 'app', 2);
  await ds.initialize();
  try {
    for (const t of await applyTenants(ds, TENANTS_DIR, new Date())) {
      const policy = t.policyChanged
        ? `policy v${t.policyVersion} activated`
        : t.fileChangeNotApplied
          ? `policy.yaml changed but NOT applied: v${t.policyVersion} was activated through the API and stays active`
          : `policy v${t.policyVersion} unchanged${t.activeFromApi ? ' (activated through the API)' : ''}`;
      const idp = {
        none: '',
        applied: ', identity provider applied (the council had none)',
        unchanged: ', identity provider unchanged',
        differs:
          ', identity-provider.yaml differs from the council’s provider and was NOT applied: propose it with setTenantIdentityProvider for a tenant admin to accept',
      }[t.identityProvider];
      console.log(`${t.slug}: ${policy}, ${t.usersAdded} user(s) added${idp}`);
    }
  } finally {
    await ds.destroy();
    await connections.stopLocalServers();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError || e instanceof TenantFileError ? e.message : e);
  process.exit(1);
});
