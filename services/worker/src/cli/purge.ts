import 'reflect-metadata';
import { userInfo } from 'node:os';
import { ConfigError, commandOptions, loadConfig } from '@conduct/config';
import { appUrlFromConfig, createDataSource } from '@conduct/db';
import { clockFrom } from '@conduct/config';
import { PolicyVersions } from '@conduct/casework';
import { newRunId, previewPurge, runPurge } from '@conduct/casework';

const USAGE = 'usage: pnpm run purge --tenant <slug> [--dry-run] [--cutoff <ISO time>]';

/**
 * `pnpm run purge --tenant <slug> --dry-run`: lists what the next purge would take
 * and why (the same query as the purge, in a READ ONLY transaction). Without
 * --dry-run it purges now, as the worker's job does.
 */
async function main(): Promise<void> {
  const { values } = commandOptions(
    {
      options: {
        tenant: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        cutoff: { type: 'string' },
      },
    },
    USAGE,
  );
  if (!values.tenant) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const url = appUrlFromConfig(config);
  const cutoff = values.cutoff ? new Date(values.cutoff) : clockFrom(config).now();
  if (Number.isNaN(cutoff.getTime()))
    throw new ConfigError([`--cutoff: '${values.cutoff}' is not a time`]);

  const ds = createDataSource(url, 'app', 2);
  await ds.initialize();
  try {
    const [tenant] = (await ds.query(`select id, name from tenant where slug = $1`, [
      values.tenant,
    ])) as {
      id: string;
      name: string;
    }[];
    if (!tenant) throw new ConfigError([`--tenant: no council '${values.tenant}'`]);
    const policies = new PolicyVersions();
    if (values['dry-run']) {
      const due = await previewPurge(ds, policies, tenant.id, cutoff);
      console.log(
        `${tenant.name}: ${due.length} case(s) would be purged (cutoff ${cutoff.toISOString()}, dry run: nothing written)`,
      );
      for (const c of due) console.log(`  ${c.reference}  ${c.caseId}  ${c.reason}`);
      return;
    }
    const result = await runPurge(ds, policies, tenant.id, {
      cutoff,
      runId: newRunId(),
      actor: `cli/${userInfo().username}`,
      now: () => new Date(),
      batchSize: config.PURGE_BATCH_SIZE,
    });
    console.log(
      `${tenant.name}: purged ${result.purged} case(s) in ${result.batches} batch(es) (cutoff ${cutoff.toISOString()})`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
