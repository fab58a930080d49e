import 'reflect-metadata';
import { resolve } from 'node:path';
import { ConfigError, commandOptions, createLogger, loadConfig } from '@conduct/config';
import { createDataSource } from '@conduct/db';
import { openConnections } from '../runtime/connections';
import { ArchiveError, importTenant } from '../tenant-archive/tenant-archive';

const USAGE = 'usage: pnpm run tenant:import --archive <directory>';

/** `pnpm run tenant:import`: restores a `tenant:export` archive into this instance. */
async function main(): Promise<void> {
  const { values } = commandOptions(
    {
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: { archive: { type: 'string' } },
    },
    USAGE,
  );
  if (!values.archive) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const connections = await openConnections(config, createLogger('import', config.LOG_LEVEL), {
    redis: false,
  });
  const ds = createDataSource(connections.ownerUrl, 'owner', 1);
  await ds.initialize();
  try {
    const r = await importTenant(ds, resolve(values.archive));
    console.log(
      `imported tenant ${r.tenantId}: ${r.rows} rows; audit chain of ${r.audit.events} events verified here (head ${r.audit.headHash ?? 'none'})`,
    );
  } finally {
    await ds.destroy();
    await connections.stopLocalServers();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError || e instanceof ArchiveError ? e.message : e);
  process.exit(1);
});
