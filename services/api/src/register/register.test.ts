import ExcelJS from 'exceljs';
import request from 'supertest';
import { Decision, withTenant } from '@conduct/db';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import {
  seedRestrictedCase,
  userIdOf,
  type SeededCase,
} from '@conduct/api/testing/reviews/restricted-case.fixture';
import { withCaseVersion } from '@conduct/api/testing/case-version';

const REGISTER = `query($first: Int, $after: String) {
  register(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { caseId caseReference cells { key label value withheld } safeguardingNotes vulnerabilityFlags } }
  }
}`;

interface Page {
  register: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        caseId: string;
        cells: { key: string; label: string; value: string | null; withheld: boolean }[];
        safeguardingNotes: string | null;
        vulnerabilityFlags: string[] | null;
      };
    }[];
  };
}

const at = (iso: string) => new Date(iso);

describe('the register', () => {
  let api: TestApi;
  let seeded: SeededCase;
  let officer: string;

  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
    officer = await api.token('maidstone', 'officer@maidstone.example');
    seeded = await seedRestrictedCase(api, {
      slug: 'maidstone',
      openedBy: 'officer@maidstone.example',
      safeguardingWriter: 'head-of-policy@maidstone.example',
      fullName: 'Riley Register',
      email: 'riley@example.org',
      summary: 'Cyclical: contact peaks after each council tax bill.',
      safeguardingNotes: 'Known to adult social care',
      stage: 'policy-applied',
      transitionKey: 'apply-policy',
      fromStage: 'warning',
      decidedAt: at('2026-01-05T09:00:00Z'),
      participants: [
        { email: 'manager@maidstone.example', role: 'manager', step: 'propose' },
        { email: 'head-of-policy@maidstone.example', role: 'head-of-policy', step: 'decide' },
      ],
      restrictions: [
        {
          type: 'single-point-of-contact',
          parameters: { officer: 'J Smith' },
          endsAt: at('2026-04-05T09:00:00Z'),
        },
      ],
      reviewDueAt: at('2026-04-05T09:00:00Z'),
    });
    // The warning that came before (§6.3).
    const headOfPolicy = await userIdOf(api, 'maidstone', 'head-of-policy@maidstone.example');
    await withTenant(api.ds, api.tenants.maidstone!, (em) =>
      em.save(
        em.create(Decision, {
          tenantId: em.tenantId,
          caseId: seeded.caseId,
          kind: 'transition',
          transitionKey: 'warn',
          fromStage: 'concern',
          toStage: 'warning',
          outcome: null,
          proposalId: null,
          appealOf: null,
          participants: [{ userId: headOfPolicy, role: 'head-of-policy', step: 'decide' }],
          decidedBy: headOfPolicy,
          decidedAt: at('2025-11-03T09:00:00Z'),
        }),
      ),
    );
    api.clock.set(at('2026-04-01T09:00:00Z'));
    const reviewed = await api.gql(
      `mutation($input: RecordReviewInput!) { recordReview(input: $input) { review { id } } }`,
      {
        input: await withCaseVersion(api, {
          caseId: seeded.caseId,
          outcome: 'CONTINUE',
          note: 'No change.',
        }),
      },
      await api.token('maidstone', 'policy-and-information-team@maidstone.example'),
    );
    expect(reviewed.errors).toBeUndefined();
    // A case with no decision yet is not on the register.
    const customer = await api.gql<{ createCustomer: { id: string } }>(
      `mutation { createCustomer(input: { fullName: "Not Yet" }) { id } }`,
      {},
      officer,
    );
    await api.gql(
      `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
      { input: { customerId: customer.data!.createCustomer.id } },
      officer,
    );
  });
  afterAll(() => api.close());

  it('shows Maidstone’s own columns (§7.4), in its order, with their values', async () => {
    const res = await api.gql<Page>(REGISTER, {}, officer);
    expect(res.errors).toBeUndefined();
    expect(res.data!.register.totalCount).toBe(1);
    const entry = res.data!.register.edges[0]!.node;
    expect(entry.caseId).toBe(seeded.caseId);
    expect(entry.cells.map((c) => c.key)).toEqual([
      'name-and-contact-details',
      'warning-given',
      'policy-applied',
      'date-last-reviewed',
      'case-notes',
    ]);
    expect(entry.cells[0]!.label).toBe('Name and contact details');
    expect(entry.cells[3]!.label).toBe('Date last reviewed');
    const value = Object.fromEntries(entry.cells.map((c) => [c.key, c.value]));
    expect(value['name-and-contact-details']).toBe('Riley Register; riley@example.org');
    expect(value['warning-given']).toBe('decided 2025-11-03');
    expect(value['policy-applied']).toBe('decided 2026-01-05; single point of contact: J Smith');
    expect(value['date-last-reviewed']).toBe('2026-04-01');
    expect(value['case-notes']).toBe('Cyclical: contact peaks after each council tax bill.');
  });

  it('narrows by stage, by a measure in force and by review date, and names a bad filter', async () => {
    const count = async (filter: Record<string, unknown>) => {
      const res = await api.gql<{ register: { totalCount: number } }>(
        `query($filter: RegisterFilterInput) { register(filter: $filter) { totalCount } }`,
        { filter },
        officer,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.register.totalCount;
    };
    expect(await count({ stage: 'policy-applied' })).toBe(1);
    expect(await count({ stage: 'warning' })).toBe(0);
    expect(await count({ restrictionType: 'single-point-of-contact' })).toBe(1);
    expect(await count({ restrictionType: 'call-time-limit' })).toBe(0);
    expect(await count({ reviewDueBefore: '2030-01-01T00:00:00Z' })).toBe(1);
    expect(await count({ reviewDueBefore: '2026-01-01T00:00:00Z' })).toBe(0);
    const bad = await api.gql(
      `query { register(filter: { stage: "nowhere" }) { totalCount } }`,
      {},
      officer,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.stage',
    });
  });

  it('shows safeguarding details only to the readers the policy names', async () => {
    const asOfficer = await api.gql<Page>(REGISTER, {}, officer);
    expect(asOfficer.data!.register.edges[0]!.node).toMatchObject({
      safeguardingNotes: null,
      vulnerabilityFlags: null,
    });
    const asHead = await api.gql<Page>(
      REGISTER,
      {},
      await api.token('maidstone', 'head-of-policy@maidstone.example'),
    );
    expect(asHead.data!.register.edges[0]!.node.safeguardingNotes).toBe(
      'Known to adult social care',
    );
  });

  it('each council sees its own columns and only its own customers', async () => {
    const southampton = await api.gql<Page>(
      REGISTER,
      {},
      await api.token('southampton', 'officer@southampton.example'),
    );
    expect(southampton.data!.register.totalCount).toBe(0);
    api.clock.set(at('2026-01-05T09:00:00Z'));
    await seedRestrictedCase(api, {
      slug: 'southampton',
      openedBy: 'officer@southampton.example',
      fullName: 'Sam Southampton',
      stage: 'restriction',
      transitionKey: 'impose-restrictions',
      fromStage: 'local-resolution',
      decidedAt: at('2026-01-05T09:00:00Z'),
      participants: [
        { email: 'service-manager@southampton.example', role: 'service-manager', step: 'propose' },
        {
          email: 'complaints-resolution-manager@southampton.example',
          role: 'complaints-resolution-manager',
          step: 'decide',
        },
      ],
      restrictions: [
        {
          type: 'single-channel',
          parameters: { channel: 'email' },
          endsAt: at('2027-01-05T09:00:00Z'),
        },
      ],
      reviewDueAt: at('2027-01-05T09:00:00Z'),
    });
    const res = await api.gql<Page>(
      REGISTER,
      {},
      await api.token('southampton', 'officer@southampton.example'),
    );
    expect(res.data!.register.totalCount).toBe(1);
    const cells = res.data!.register.edges[0]!.node.cells;
    expect(cells.map((c) => [c.key, c.value])).toEqual([
      ['customer', 'Sam Southampton'],
      ['restrictions', 'Contact accepted only in a particular form (Form of contact: Email)'],
      ['duration', '2026-01-05 to 2027-01-05'],
      ['review-due', '2027-01-05'],
    ]);
  });

  it('pages with Relay cursors and validates its arguments', async () => {
    api.clock.set(at('2026-02-01T09:00:00Z'));
    await seedRestrictedCase(api, {
      slug: 'maidstone',
      openedBy: 'officer@maidstone.example',
      stage: 'warning',
      transitionKey: 'warn',
      fromStage: 'concern',
      decidedAt: at('2026-02-01T09:00:00Z'),
      participants: [
        { email: 'head-of-policy@maidstone.example', role: 'head-of-policy', step: 'decide' },
      ],
      restrictions: [],
      reviewDueAt: null,
    });
    const first = await api.gql<Page>(REGISTER, { first: 1 }, officer);
    expect(first.data!.register.totalCount).toBe(2);
    expect(first.data!.register.pageInfo.hasNextPage).toBe(true);
    const second = await api.gql<Page>(
      REGISTER,
      { first: 1, after: first.data!.register.pageInfo.endCursor },
      officer,
    );
    expect(second.data!.register.edges[0]!.node.caseId).toBe(seeded.caseId);
    expect(second.data!.register.pageInfo.hasNextPage).toBe(false);
    const bad = await api.gql(REGISTER, { first: 0 }, officer);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await api.gql(REGISTER, { after: 'garbage' }, officer);
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });

  it('exports the register as CSV and XLSX with the council’s own columns, audited', async () => {
    const get = (path: string, token?: string) => {
      const req = request(api.server.app)
        .get(path)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      if (token) req.set('authorization', `Bearer ${token}`);
      return req;
    };
    const csv = await get('/documents/register.csv', officer);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="register-/);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = text.slice(1).trim().split('\r\n');
    expect(header).toBe(
      'Case reference,Name and contact details,"Warning given (date, method communicated and any initial measures)","Policy applied (decision date, date communicated, single point of contact going forward)",Date last reviewed,Case notes (cyclical unreasonable contacts identified)',
    );
    expect(rows.join('\n')).toContain('Riley Register; riley@example.org');
    expect(rows.join('\n')).toContain('single point of contact: J Smith');

    const xlsx = await get('/documents/register.xlsx', officer);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    // ExcelJS types predate generic Buffers.
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Register')!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Name and contact details');
    const values = [] as string[];
    sheet.eachRow((row) => values.push(String(row.getCell(2).value)));
    expect(values.some((v) => v.includes('Riley Register'))).toBe(true);

    expect((await get('/documents/register.csv')).status).toBe(401);
    const audited = (await api.owner.query(
      `select payload from audit_event where action = 'register.exported'`,
    )) as { payload: { format: string } }[];
    expect(audited.map((a) => a.payload.format).sort()).toEqual(['csv', 'xlsx']);
  });

  it('is refused to callers who are not council staff', async () => {
    const anon = await api.gql(REGISTER, {});
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const admin = await api.gql(
      REGISTER,
      {},
      await api.token('maidstone', 'admin@maidstone.example'),
    );
    expect(admin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
