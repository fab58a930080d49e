import 'reflect-metadata';
import { resolve } from 'node:path';
import { ConfigError, commandOptions, createLogger, loadConfig } from '@conduct/config';
import { createDataSource } from '@conduct/db';
import { openConnections } from '../runtime/connections';
import { ArchiveError, exportTenant } from '../tenant-archive/tenant-archive';

const USAGE = 'usage: pnpm run tenant:export --tenant <slug> [--out <directory>]';

/** `pnpm run tenant:export`: one council's data, whole, as a verifiable archive directory. */
async function main(): Promise<void> {
  const { values } = commandOptions(
    {
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: { tenant: { type: 'string' }, out: { type: 'string' } },
    },
    USAGE,
  );
  if (!values.tenant) {
    console.error(USAGE);
    process.exit(2);
  }
  const now = new Date();
  const out = resolve(
    values.out ?? `${values.tenant}-export-${now.toISOString().replace(/[:.]/g, '-')}`,
  );
  const config = loadConfig();
  const connections = await openConnections(config, createLogger('export', config.LOG_LEVEL), {
    redis: false,
  });
  // The owner reads every table; the transaction is scoped to the tenant all the same.
  const ds = createDataSource(connections.ownerUrl, 'owner', 1);
  await ds.initialize();
  try {
    const m = await exportTenant(ds, values.tenant, out, now);
    const rows = m.files.reduce((n, f) => n + f.rows, 0);
    console.log(
      `${values.tenant}: ${rows} rows in ${m.files.length} files, audit chain of ${m.audit.events} events verified (head ${m.audit.headHash ?? 'none'}), written to ${out}`,
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
