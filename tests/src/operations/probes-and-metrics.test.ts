import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { LocalPostgres } from '@conduct/local-servers';
import { freePort, startTestRedis, type TestRedis } from '@conduct/testing';
import { startService, type ServiceProcess } from '../services/service-process';
import { exited, until } from '../worker/process';

/**
 * The production entry points (NODE_ENV=production) against a Postgres this
 * test owns and stops: `/readyz` of the API and of the worker goes 503 while
 * Postgres is down and back to 200 once it is up again; anonymous callers learn
 * "ok" or "unavailable" and never a host, port or driver message.
 */
const APP_PASSWORD = 'probe-test-app-password';
const DRIVER_WORDS = /ECONNREFUSED|127\.0\.0\.1|connect|terminat|timeout|:\d{4,5}/i;

async function get(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

describe('probes and metrics of the production processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conduct-probes-'));
  let pg: LocalPostgres;
  let redis: TestRedis;
  let ownerUrl: string;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  const ports = { api: 0, apiMetrics: 0, worker: 0 };
  /** A stand-in OpenTelemetry collector: keeps what arrives at /v1/traces. */
  let collector: Server;
  const traces: { path: string; body: string }[] = [];

  beforeAll(async () => {
    chmodSync(dir, 0o755);
    pg = new LocalPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
    await pg.start();
    redis = await startTestRedis();
    ownerUrl = pg.url.replace(/\/postgres$/, '/conduct');
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        traces.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('latin1') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((done) => collector.listen(0, '127.0.0.1', done));
    const otlp = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
    const env = {
      NODE_ENV: 'production',
      AUDIT_ANCHOR_KEY: 'test-audit-anchor-key-0123456789abcdef',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      DATABASE_URL: ownerUrl,
      DATABASE_APP_PASSWORD: APP_PASSWORD,
      REDIS_URL: redis.url,
    };
    const migrate = startService('migrate', env);
    expect(await exited(migrate.child)).toBe(0);
    Object.assign(ports, {
      api: await freePort(),
      apiMetrics: await freePort(),
      worker: await freePort(),
    });
    api = startService('api', {
      ...env,
      PORT: String(ports.api),
      METRICS_PORT: String(ports.apiMetrics),
    });
    worker = startService('worker', {
      ...env,
      WORKER_HEALTH_PORT: String(ports.worker),
      METRICS_PORT: String(ports.worker),
      // Sweeps (and so audit anchoring) often enough for the scrape to see one.
      SWEEP_INTERVAL_MS: '1000',
    });
    await until(async () => {
      for (const p of [api, worker])
        if (p.child.exitCode !== null) throw new Error(p.output.join('\n'));
      const ok = await Promise.all(
        [ports.api, ports.worker].map((port) =>
          get(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.status === 200,
            () => false,
          ),
        ),
      );
      return ok.every(Boolean) ? true : undefined;
    }, 120_000);
    // Two production processes starting on 2 busy cores: allow for it.
  }, 180_000);

  afterAll(async () => {
    await Promise.all([api?.terminate(), worker?.terminate()]);
    await pg.stop();
    await redis.stop();
    await new Promise((done) => collector.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  const healthQuery = async () => {
    const res = await fetch(`http://127.0.0.1:${ports.api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { database redis } }' }),
    });
    return (await res.json()) as { data?: { health: { database: string; redis: string } } };
  };

  it('answers /livez and /readyz 200 with every dependency up', async () => {
    for (const port of [ports.api, ports.worker]) {
      expect(await get(`http://127.0.0.1:${port}/livez`)).toEqual({
        status: 200,
        text: JSON.stringify({ status: 'ok' }),
      });
      const ready = await get(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text)).toEqual({
        status: 'ok',
        checks: { database: 'ok', redis: 'ok' },
      });
    }
    expect((await healthQuery()).data).toEqual({ health: { database: 'ok', redis: 'ok' } });
  });

  it('goes 503 while Postgres is stopped, says only "unavailable", and 200 again once it restarts', async () => {
    await pg.stop();
    let downLog = '';
    for (const port of [ports.api, ports.worker]) {
      const down = await get(`http://127.0.0.1:${port}/readyz`);
      downLog += `${port === ports.api ? 'api' : 'worker'} ${down.status} ${down.text}; `;
      expect(down.status).toBe(503);
      expect(JSON.parse(down.text)).toEqual({
        status: 'unavailable',
        checks: { database: 'unavailable', redis: 'ok' },
      });
      expect(down.text).not.toMatch(DRIVER_WORDS);
      // The process itself is fine: an orchestrator must not restart it for this.
      expect((await get(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
    }
    const health = await healthQuery();
    expect(health.data).toEqual({ health: { database: 'unavailable', redis: 'ok' } });
    expect(JSON.stringify(health)).not.toMatch(DRIVER_WORDS);
    // The reason is in the operator's log instead.
    expect(api.output.some((l) => l.includes('readiness check failed'))).toBe(true);

    await pg.start();
    await until(async () => {
      const r = await Promise.all(
        [ports.api, ports.worker].map((port) => get(`http://127.0.0.1:${port}/readyz`)),
      );
      return r.every((x) => x.status === 200) ? true : undefined;
    }, 30_000);
    const up = await get(`http://127.0.0.1:${ports.api}/readyz`);
    expect((await healthQuery()).data).toEqual({ health: { database: 'ok', redis: 'ok' } });
    console.log(
      `Postgres stopped: /readyz ${downLog}\nPostgres restarted: /readyz ${up.status} ${up.text}`,
    );
  });

  it('serves Prometheus metrics on the metrics port only, and one access-log line per request', async () => {
    await healthQuery();
    const scrape = await get(`http://127.0.0.1:${ports.apiMetrics}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.text).toMatch(
      /conduct_request_duration_seconds_count\{service="api",operation="query:health",status="200"\} \d+/,
    );
    expect(scrape.text).toMatch(/conduct_db_pool_connections\{state="total",service="api"\} \d+/);
    expect(scrape.text).toContain('process_cpu_user_seconds_total');
    // Not on the port councils' users reach.
    expect((await get(`http://127.0.0.1:${ports.api}/metrics`)).status).toBe(404);

    const workerScrape = await get(`http://127.0.0.1:${ports.worker}/metrics`);
    expect(workerScrape.text).toMatch(
      /conduct_queue_jobs\{queue="scheduling",state="\w+",service="worker"\} \d+/,
    );
    expect(workerScrape.text).toMatch(
      /conduct_queue_lag_seconds\{queue="retention",service="worker"\} /,
    );
    expect(workerScrape.text).toContain('conduct_purged_cases_total');
    // Audit anchoring lag: reported once this worker's sweep has anchored every chain.
    const anchoring = await until(async () => {
      const text = (await get(`http://127.0.0.1:${ports.worker}/metrics`)).text;
      return /conduct_audit_anchoring_lag_seconds\{service="worker"\} [\d.e-]+/.exec(text)?.[0];
    }, 60_000);
    expect(anchoring).toBeDefined();
    console.log(
      `API metrics scrape (excerpt):\n${scrape.text
        .split('\n')
        .filter((l) => l.startsWith('conduct_'))
        .slice(0, 12)
        .join('\n')}\nworker:\n${workerScrape.text
        .split('\n')
        .filter((l) => l.startsWith('conduct_queue'))
        .slice(0, 8)
        .join('\n')}`,
    );

    const lines = api.output
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return undefined;
        }
      })
      .filter((l) => l?.access === true);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((l) => l?.operation === 'query:health').at(-1)).toEqual(
      expect.objectContaining({
        operation: 'query:health',
        principalId: 'anonymous',
        status: 200,
        durationMs: expect.any(Number),
        correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
    );
  });

  it('sends OpenTelemetry traces of the API and the worker to OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    await healthQuery();
    await until(async () =>
      traces.some((t) => t.body.includes('conduct-api') && t.body.includes('graphql'))
        ? true
        : undefined,
    );
    expect(traces.every((t) => t.path === '/v1/traces')).toBe(true);
    // The worker's spans (its Redis and Postgres round trips) arrive too.
    await until(async () =>
      traces.some((t) => t.body.includes('conduct-worker')) ? true : undefined,
    );
  });

  it('migrate runs started together take turns under the advisory lock', async () => {
    const fresh = ownerUrl.replace(/\/conduct$/, '/conduct_concurrent');
    const runs = Array.from({ length: 4 }, () =>
      startService('migrate', {
        NODE_ENV: 'production',
        AUDIT_ANCHOR_KEY: 'test-audit-anchor-key-0123456789abcdef',
        DATABASE_URL: fresh,
        DATABASE_APP_PASSWORD: APP_PASSWORD,
        REDIS_URL: redis.url,
      }),
    );
    const codes = await Promise.all(runs.map((r) => exited(r.child)));
    expect(codes).toEqual([0, 0, 0, 0]);
    const client = new Client({ connectionString: fresh });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; n: number }>(
        `select name, count(*)::int as n from schema_migration group by name`,
      );
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      const logs = runs.flatMap((r) => r.output).join('\n');
      expect(logs.match(/applied \d+ migration/g)).toHaveLength(1);
      expect(logs.match(/schema already current/g)).toHaveLength(3);

      // A schema this build does not know: the API and the worker refuse it in one line.
      await client.query(
        `insert into schema_migration (timestamp, name) values (1999999999999, 'FromTheFuture1999999999999')`,
      );
      for (const service of ['api', 'worker'] as const) {
        const p = startService(service, {
          NODE_ENV: 'production',
          AUDIT_ANCHOR_KEY: 'test-audit-anchor-key-0123456789abcdef',
          DATABASE_URL: fresh,
          DATABASE_APP_PASSWORD: APP_PASSWORD,
          REDIS_URL: redis.url,
          PORT: String(await freePort()),
        });
        expect(await exited(p.child)).toBe(1);
        expect(p.output.filter((l) => l.includes('retrying'))).toEqual([]);
        expect(p.output.at(-1)).toBe(
          'database schema is newer than this build (unknown migration FromTheFuture1999999999999): deploy the release that ran it',
        );
      }
    } finally {
      await client.end();
    }
  }, 180_000);
});
