import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AppUser, PolicyVersion, Tenant, withTenant } from '@conduct/db';
import { runBenchmarkSnapshot } from '@conduct/worker';
import { seedBenchmarkCases, seedBenchmarkTenant, type SeedBenchmarkCase } from '@conduct/testing';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { artifactDir } from '@conduct/api/testing/documents/poppler';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { SUPPRESSED_TEXT, wrapLabel } from './benchmark.svg';

const REPORT = `query($period: String!) {
  benchmarkReport(period: $period) {
    period periodStart periodEnd computedAt
    disclosure { minCell roundTo minPeers minPeersForQuartiles }
    metrics { key label unit kind baseDescription base
      cells { category label value count suppressed suppression
        peers { peerCount median lowerQuartile upperQuartile } } }
  }
}`;

interface Cell {
  category: string | null;
  label: string | null;
  value: number | null;
  count: number | null;
  suppressed: boolean;
  suppression: string | null;
  peers: { peerCount: number; median: number; lowerQuartile: number | null } | null;
}
interface Report {
  benchmarkReport: { metrics: { key: string; base: number | null; cells: Cell[] }[] };
}

/** Cases opened in 2026-Q1 at the policy's first stage, each with one contact. */
function cases(slug: string, n: number): SeedBenchmarkCase[] {
  return Array.from({ length: n }, (_, i) => {
    const openedAt = new Date(Date.UTC(2026, i % 3, 2 + (i % 20), 10));
    return {
      openedAt,
      stage: 'concern',
      contacts: [{ at: openedAt, channel: 'telephone', categories: [] }],
      customerName: `Canary Person ${slug} ${i}`,
    };
  });
}

/** An SVG response's text (supertest treats image/svg+xml as binary). */
async function getSvg(api: TestApi, path: string, bearer: string) {
  const res = await request(api.server.httpServer)
    .get(path)
    .set('authorization', `Bearer ${bearer}`)
    .buffer(true);
  const body: unknown = res.body;
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : (res.text ?? '');
  return { status: res.status, type: String(res.headers['content-type']), text };
}

/** A screenshot of an SVG by headless Chromium, as a person would see it. */
async function svgToPng(svg: string, file: string) {
  const dir = await mkdtemp(path.join(tmpdir(), 'conduct-svg-'));
  try {
    await writeFile(path.join(dir, 'c.svg'), svg);
    await promisify(execFile)('/usr/bin/chromium', [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      `--screenshot=${file}`,
      '--window-size=720,560',
      `file://${path.join(dir, 'c.svg')}`,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every string in a JSON value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return [...Object.keys(v), ...Object.values(v).flatMap(strings)];
  return [];
}

describe('benchmarking reports', () => {
  let api: TestApi;
  const CASES: Record<string, number> = {
    'london-borough': 20,
    maidstone: 10,
    southampton: 15,
    'welwyn-hatfield': 3,
    'cheshire-west-and-chester': 25,
  };
  const HIDDEN = {
    slug: 'hidden-borough',
    name: 'Hidden Borough Council',
    population: 100_000,
    optIn: false,
  };
  let names: { slug: string; name: string }[];
  const token = (slug: string) => api.token(slug, `officer@${slug}.example`);

  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-04-10T09:00:00Z') });
    for (const [slug, n] of Object.entries(CASES)) {
      const tenantId = api.tenants[slug]!;
      await withTenant(api.ds, tenantId, async (em) => {
        const pv = await em.findOneOrFail(PolicyVersion, { where: { tenantId, status: 'active' } });
        const user = await em.findOneOrFail(AppUser, {
          where: { tenantId, email: `officer@${slug}.example` },
        });
        const initial = (pv.document as { initialStage: string }).initialStage;
        await seedBenchmarkCases(
          em,
          { policyVersionId: pv.id, userId: user.id },
          cases(slug, n).map((c) => ({ ...c, stage: initial })),
        );
      });
    }
    // A council that did not opt in, with plenty of cases: it must not show anywhere.
    const policy = readFileSync(join(TENANTS_DIR, 'maidstone', 'policy.yaml'), 'utf8');
    const hidden = await seedBenchmarkTenant(api.ds, HIDDEN, policy);
    await withTenant(api.ds, hidden.tenantId, (em) =>
      seedBenchmarkCases(em, hidden, cases(HIDDEN.slug, 40)),
    );
    names = (await api.owner.getRepository(Tenant).find()).map((t) => ({
      slug: t.slug,
      name: t.name,
    }));
    const result = await runBenchmarkSnapshot(api.ds, {
      periods: ['2026-Q1', '2026'],
      now: api.clock.now(),
    });
    expect(result.participants).toBe(5);
  });
  afterAll(() => api.close());

  it('draws charts people can read: full labels, values printed, suppressed rows said, title and desc', async () => {
    const t = await token('welwyn-hatfield');
    const svg = (await getSvg(api, '/benchmarking/2026-Q1/contact-channels.svg', t)).text;
    expect(svg).toMatch(/^<svg[^>]*><title>[^<]+, 2026-Q1<\/title><desc>[^<]+<\/desc>/);
    expect(svg).toContain('No tick: fewer than 3 councils contributed');
    // Welwyn's 3 cases: every row is there, each saying it is suppressed.
    const r = await report('welwyn-hatfield');
    const rows = metric(r, 'contact-channels').cells;
    expect(rows.length).toBeGreaterThan(1);
    expect(svg.split(SUPPRESSED_TEXT).length - 1).toBeGreaterThanOrEqual(rows.length);
    for (const c of rows) {
      for (const line of wrapLabel(c.label ?? c.category!).split('\n')) expect(svg).toContain(line);
    }
    expect(svg).not.toContain('…');

    // Maidstone: values printed, and a channel nobody used is 0 (CSV too), not blank.
    const m = await token('maidstone');
    const own = (await getSvg(api, '/benchmarking/2026-Q1/contact-channels.svg', m)).text;
    expect(own).toContain('>100%<');
    const csv = await request(api.server.httpServer)
      .get('/benchmarking/2026-Q1.csv')
      .set('authorization', `Bearer ${m}`);
    expect(csv.text).toMatch(/\r\n2026-Q1,contact-channels,[^\r]*,email,Email,10,0,0,false,/);

    const out = await artifactDir();
    await svgToPng(own, path.join(out, 'chart-contact-channels-maidstone.png'));
    await svgToPng(svg, path.join(out, 'chart-contact-channels-suppressed.png'));
  });

  const report = async (slug: string, period = '2026-Q1') => {
    const res = await api.gql<Report>(REPORT, { period }, await token(slug));
    expect(res.errors).toBeUndefined();
    return res.data!.benchmarkReport;
  };
  const metric = (r: Report['benchmarkReport'], key: string) =>
    r.metrics.find((m) => m.key === key)!;

  it('returns your own figures beside the peer distribution, never another council’s', async () => {
    const r = await report('maidstone');
    // 10 cases in a population of 180,000 → 5.6 per 100,000.
    expect(metric(r, 'cases-opened').cells[0]).toMatchObject({
      value: 10,
      count: 10,
      suppressed: false,
    });
    // Peers: London 20/320k = 6.3, Southampton 15/250k = 6.0, Cheshire 25/360k = 6.9, Maidstone 5.6;
    // Welwyn (3 cases) suppressed, Hidden Borough opted out → 4 councils, median 6.15, no quartiles.
    expect(metric(r, 'cases-per-100k').cells[0]).toMatchObject({
      value: 5.6,
      peers: { peerCount: 4, median: 6.2, lowerQuartile: null },
    });
    expect(
      metric(r, 'contact-channels').cells.find((c) => c.category === 'telephone'),
    ).toMatchObject({
      value: 100,
      count: 10,
    });
    // Every peer figure is a distribution of at least 3 councils.
    for (const m of r.metrics)
      for (const c of m.cells) if (c.peers) expect(c.peers.peerCount).toBeGreaterThanOrEqual(3);
  });

  it('suppresses a cell under 5', async () => {
    const r = await report('welwyn-hatfield');
    expect(metric(r, 'cases-opened').cells[0]).toMatchObject({
      value: null,
      count: null,
      suppressed: true,
      suppression: 'small-count',
    });
    expect(metric(r, 'cases-per-100k').cells[0]).toMatchObject({ value: null, suppressed: true });
    expect(metric(r, 'contact-channels').base).toBeNull();
    // The distribution is still shown beside the suppressed figure.
    expect(metric(r, 'cases-per-100k').cells[0]!.peers).toMatchObject({ peerCount: 4 });
  });

  it('leaves a council that opted out out of everything', async () => {
    const hiddenToken = await token(HIDDEN.slug);
    const res = await api.gql(REPORT, { period: '2026-Q1' }, hiddenToken);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const csv = await request(api.server.httpServer)
      .get('/benchmarking/2026-Q1.csv')
      .set('authorization', `Bearer ${hiddenToken}`);
    expect(csv.status).toBe(403);
    const [own] = (await api.owner.query(
      `select count(*)::int as n from benchmark_snapshot s join tenant t on t.id = s.tenant_id where t.slug = $1`,
      [HIDDEN.slug],
    )) as { n: number }[];
    expect(own!.n).toBe(0);
  });

  it('has no field that names a person or another council (JSON, CSV and every chart)', async () => {
    const customers = (await api.owner.query(
      `select full_name from customer where full_name is not null`,
    )) as {
      full_name: string;
    }[];
    expect(customers.length).toBeGreaterThan(100);
    for (const slug of Object.keys(CASES)) {
      const t = await token(slug);
      const json = await api.gql(REPORT, { period: '2026-Q1' }, t);
      const csv = await request(api.server.httpServer)
        .get('/benchmarking/2026-Q1.csv')
        .set('authorization', `Bearer ${t}`);
      expect(csv.status).toBe(200);
      const texts = [...strings(json), csv.text];
      if (slug === 'maidstone') {
        const r = json.data as unknown as Report;
        for (const m of r.benchmarkReport.metrics) {
          const svg = await getSvg(api, `/benchmarking/2026-Q1/${m.key}.svg`, t);
          expect(svg.status).toBe(200);
          expect(svg.text).toMatch(/^<svg/);
          texts.push(svg.text);
        }
      }
      const haystack = texts.join('\n').toLowerCase();
      for (const other of names.filter((n) => n.slug !== slug)) {
        expect({ slug, leaked: haystack.includes(other.slug) }).toEqual({ slug, leaked: false });
        expect({ slug, leaked: haystack.includes(other.name.toLowerCase()) }).toEqual({
          slug,
          leaked: false,
        });
      }
      for (const c of customers) expect(haystack.includes(c.full_name.toLowerCase())).toBe(false);
      expect(haystack).not.toContain('canary');
      expect(haystack).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    }
  });

  it('exports CSV and SVG over HTTP to signed-in users only, releasing each transaction', async () => {
    const server = api.server.httpServer;
    const t = await token('maidstone');
    expect((await request(server).get('/benchmarking/2026-Q1.csv')).status).toBe(401);
    expect(
      (await request(server).get('/benchmarking/2026-Q1.csv').set('authorization', 'Bearer nope'))
        .status,
    ).toBe(401);
    const csv = await request(server)
      .get('/benchmarking/2026-Q1.csv')
      .set('authorization', `Bearer ${t}`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.startsWith('\ufeff')).toBe(true);
    const lines = csv.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'period,metric,label,unit,category,category_label,base,your_value,your_count,suppressed,suppression,peer_count,peer_lower_quartile,peer_median,peer_upper_quartile',
    );
    expect(lines).toContain(
      '2026-Q1,cases-per-100k,"Cases opened per 100,000 population",rate,,,10,5.6,10,false,,4,,6.2,',
    );
    const svg = await getSvg(api, '/benchmarking/2026-Q1/cases-per-100k.svg', t);
    expect(svg.type).toMatch(/^image\/svg\+xml/);
    expect(svg.text).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(svg.text).toContain('Cases opened per 100,000 population, 2026-Q1');
    const badMetric = await request(server)
      .get('/benchmarking/2026-Q1/nope.svg')
      .set('authorization', `Bearer ${t}`);
    expect(badMetric.status).toBe(400);
    const badPeriod = await request(server)
      .get('/benchmarking/2026-Q5.csv')
      .set('authorization', `Bearer ${t}`);
    expect(badPeriod.status).toBe(400);
    // More requests than the pool has connections: each released its transaction.
    for (let i = 0; i < 12; i += 1) {
      const res = await request(server)
        .get('/benchmarking/2026.csv')
        .set('authorization', `Bearer ${t}`);
      expect(res.status).toBe(200);
    }
    const [active] = (await api.owner.query(
      `select count(*)::int as n from pg_stat_activity where application_name = 'conduct-app' and state like 'idle in transaction%'`,
    )) as { n: number }[];
    expect(active!.n).toBe(0);
  });

  it('validates the period before reading anything', async () => {
    const res = await api.gql(REPORT, { period: '26-Q1' }, await token('maidstone'));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
    const anon = await api.gql(REPORT, { period: '2026-Q1' });
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
