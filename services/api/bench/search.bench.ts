import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { appUrlFor, prepareDatabase } from '@conduct/db';
import { LocalPostgres, freePort } from '@conduct/local-servers';
import { createCouncil, growCustomers, nameSearchTarget } from './seed';

/**
 * `pnpm bench:search [--sizes 1000,10000,100000] [--runs 9]`
 *
 * The front-line customer search on its own, at each size of a council (and a
 * neighbour of the same size): the statement `findCustomers` runs, as the app
 * role under forced row-level security, timed for a set of look-ups. Prints the
 * median per look-up and size and the largest size's ratio to the smallest
 * (issue 15's goal for a search by name: 100k ≤ 2× of 1k). Each look-up also
 * checks that the customer it is meant to find comes first. Not a test.
 */
const APP_PASSWORD = 'conduct-app-bench';

interface Lookup {
  name: string;
  query: string;
  /** The reference that must be the first answer, if any. */
  first?: string;
  /** The reference that must be among the answers (a generated name may be shared). */
  found?: string;
}

const LOOKUPS: Lookup[] = [
  { name: 'full name (the goal row)', query: 'Alexandra Pemberton Whyte', first: 'CUS-1' },
  { name: 'full name, misspelt', query: 'Alexandra Pemberton Whtye', first: 'CUS-1' },
  { name: 'surname and first name', query: 'Pemberton-Whyte, Alexandra', first: 'CUS-1' },
  { name: 'common first name alone', query: 'Alexander' },
  { name: 'common first name, misspelt', query: 'Alexandar' },
  { name: 'a generated full name', query: '$generated', found: 'CUS-77' },
  { name: 'email', query: 'Person77@example.org', first: 'CUS-77' },
  { name: 'phone, another format', query: '+44 7700 000077', first: 'CUS-77' },
  { name: 'reference', query: 'cus-77', first: 'CUS-77' },
];

/** The statement of `findCustomers` (guidance.service.ts), without the ability filter. */
const SEARCH = `select c.reference, s.score
    from customer_search($1, $2, 5) s
    join customer c on c.tenant_id = $3 and c.id = s.customer_id
   order by s.score desc, c.reference`;

async function timed(app: Client, tenantId: string, query: string) {
  const digits = query.replace(/\D/g, '');
  await app.query('begin');
  await app.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
  const started = process.hrtime.bigint();
  const { rows } = await app.query(SEARCH, [
    query,
    digits.length >= 6 ? digits.slice(-10) : '',
    tenantId,
  ]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await app.query('commit');
  return { ms, references: rows.map((r: { reference: string }) => r.reference) };
}

async function median(app: Client, tenantId: string, l: Lookup, runs: number) {
  for (let i = 0; i < 5; i++) await timed(app, tenantId, l.query);
  const times: number[] = [];
  let references: string[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timed(app, tenantId, l.query);
    times.push(r.ms);
    references = r.references;
  }
  times.sort((a, b) => a - b);
  if (l.first && references[0] !== l.first)
    throw new Error(`${l.name} ("${l.query}"): ${l.first} not first in [${references.join(', ')}]`);
  if (l.found && !references.includes(l.found))
    throw new Error(`${l.name} ("${l.query}"): ${l.found} not in [${references.join(', ')}]`);
  return { ms: times[Math.floor(runs / 2)]!, found: references.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      runs: { type: 'string', default: '9' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'conduct-bench-search-'));
  chmodSync(dir, 0o755);
  const pg = new LocalPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  try {
    await pg.start();
    const ownerUrl = pg.url.replace(/\/postgres$/, '/bench');
    await prepareDatabase(ownerUrl, APP_PASSWORD);
    const owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    const app = new Client({ connectionString: appUrlFor(ownerUrl, APP_PASSWORD) });
    await app.connect();
    const jwks = 'http://127.0.0.1:9/jwks';
    const council = await createCouncil(owner, 'maidstone', jwks, 'api://bench');
    const neighbour = await createCouncil(owner, 'southampton', jwks, 'api://bench');

    const table: Record<string, number[]> = {};
    let seeded = 0;
    for (const size of sizes) {
      for (const c of [council, neighbour]) await growCustomers(owner, c.id, seeded, size);
      if (!seeded) await nameSearchTarget(owner, council.id);
      // As autovacuum leaves a live database: statistics, GIN pending lists merged.
      await owner.query('vacuum analyze customer');
      seeded = size;
      const {
        rows: [generated],
      } = await owner.query(
        `select full_name from customer where tenant_id = $1 and reference = 'CUS-77'`,
        [council.id],
      );
      console.log(`at ${size} customers in each of 2 councils:`);
      for (const l of LOOKUPS) {
        const lookup = l.query === '$generated' ? { ...l, query: generated.full_name } : l;
        const { ms, found } = await median(app, council.id, lookup, runs);
        (table[l.name] ??= []).push(ms);
        console.log(
          `  ${l.name.padEnd(28)} ${ms.toFixed(1).padStart(7)} ms  (${found} found, "${lookup.query}")`,
        );
      }
    }
    console.log(`\nmedians at ${sizes.join(' / ')} customers; ratio largest / smallest:`);
    for (const [name, times] of Object.entries(table)) {
      const ratio = times[times.length - 1]! / times[0]!;
      console.log(
        `  ${name.padEnd(28)} ${times.map((t) => t.toFixed(1)).join(' / ')} ms = ${ratio.toFixed(2)}x`,
      );
    }
    const goal = table[LOOKUPS[0]!.name]!;
    const ratio = goal[goal.length - 1]! / goal[0]!;
    console.log(`goal (search by name, largest <= 2x smallest): ${ratio <= 2 ? 'met' : 'NOT met'}`);
    await app.end();
    await owner.end();
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
