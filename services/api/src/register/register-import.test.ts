import ExcelJS from 'exceljs';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const PREVIEW = `query($input: RegisterImportInput!) {
  previewRegisterImport(input: $input) {
    sha256 format headers rowCount faultyRowCount
    suggestedMapping { column field }
    faults { row columns code message }
    wouldCreate { customers cases decisions restrictions }
    alreadyImported { id }
  }
}`;
const IMPORT = `mutation($input: RegisterImportInput!) {
  importRegister(input: $input) {
    alreadyImported
    import { id sha256 rowCount counts { customers cases decisions restrictions } }
  }
}`;
const CASE = `query($id: ID!) {
  case(id: $id) {
    reference stage status reviewDueAt stageEnteredAt openedAt
    decisions { kind decidedBy decidedAt toStage importedFrom { row import { sha256 filename } } }
    restrictions { type parametersJson status startsAt endsAt }
  }
}`;

interface Preview {
  previewRegisterImport: {
    sha256: string;
    format: string;
    headers: string[];
    rowCount: number;
    faultyRowCount: number;
    suggestedMapping: { column: string; field: string }[];
    faults: { row: number; columns: string[]; code: string; message: string }[];
    wouldCreate: Counts;
    alreadyImported: { id: string } | null;
  };
}
interface Counts {
  customers: number;
  cases: number;
  decisions: number;
  restrictions: number;
}
interface Imported {
  importRegister: {
    alreadyImported: boolean;
    import: { id: string; sha256: string; rowCount: number; counts: Counts };
  };
}

const HEADERS = [
  'Customer ref',
  'Name',
  'Email',
  'Telephone',
  'Address',
  'Case ref',
  'Stage',
  'Restrictions',
  'Start date',
  'End date',
  'Review date',
  'Decision date',
  'Notes',
] as const;
type Row = Record<(typeof HEADERS)[number], string>;

/** Four kinds of Maidstone register entry, in turn (the test's clock: 5 January 2026). */
function registerRow(i: number, prefix = 'MBC'): Row {
  const n = String(i).padStart(4, '0');
  const base: Row = {
    'Customer ref': `${prefix}-C${n}`,
    Name: `Łukasz Wójcik ${n}`,
    Email: `customer${n}@example.org`,
    Telephone: '01622 602000',
    Address: `${i} Ffordd y Llŷn, Maidstone, ME14 1XX`,
    'Case ref': `${prefix}-R${n}`,
    Stage: '',
    Restrictions: '',
    'Start date': '',
    'End date': '',
    'Review date': '',
    'Decision date': '',
    Notes: 'Contact peaks after each council tax bill, "as noted", twice.',
  };
  switch (i % 4) {
    case 0:
      return { ...base, Stage: 'Warning given', 'Decision date': '01/10/2025' };
    case 1:
      return {
        ...base,
        Stage: 'Policy applied',
        Restrictions:
          'Single point of contact (Officer: J Smith); Time limit on telephone conversations (Minutes per call: 10)',
        'Start date': '2025-11-01',
        'End date': '2026-02-01',
        'Decision date': '2025-11-01',
      };
    case 2:
      return {
        ...base,
        Stage: 'policy-applied',
        Restrictions: 'Contact by one method only (Method of contact: Email)',
        'Start date': '2025-06-01',
        'End date': '2025-09-01',
        'Review date': '2026-01-20',
      };
    default:
      return {
        ...base,
        Stage: 'Closed',
        Restrictions: 'Limited number of telephone calls (Calls per week: 2)',
        'Start date': '10/01/2025',
        'End date': '10/04/2025',
        'Decision date': '2025-04-10',
      };
  }
}

/** The ten faults, each in known columns; the corrected file leaves them out. */
const FAULTS: Record<number, { change: Partial<Row>; columns: string[]; code: string }> = {
  17: { change: { Stage: 'Banned' }, columns: ['Stage'], code: 'UNKNOWN_STAGE' },
  101: {
    change: { Restrictions: 'Building ban (Officer: J Smith)' },
    columns: ['Restrictions'],
    code: 'UNKNOWN_MEASURE',
  },
  202: { change: { 'End date': '31/02/2026' }, columns: ['End date'], code: 'INVALID_DATE' },
  300: { change: { Email: 'not-an-email' }, columns: ['Email'], code: 'INVALID_VALUE' },
  404: { change: { Name: '' }, columns: ['Name'], code: 'MISSING_VALUE' },
  505: {
    change: { 'Customer ref': 'MBC-C0010' },
    columns: ['Customer ref'],
    code: 'DUPLICATE_IN_FILE',
  },
  606: {
    change: { 'Customer ref': 'EXISTING-1' },
    columns: ['Customer ref'],
    code: 'ALREADY_EXISTS',
  },
  705: {
    change: { 'Start date': '2026-01-01', 'End date': '2025-12-01' },
    columns: ['Start date', 'End date'],
    code: 'DATES_OUT_OF_ORDER',
  },
  808: {
    change: { 'Decision date': '2027-01-01' },
    columns: ['Decision date'],
    code: 'DATE_IN_FUTURE',
  },
  909: {
    change: { 'End date': 'indefinite' },
    columns: ['End date'],
    code: 'INDEFINITE_NOT_ALLOWED',
  },
};

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const toCsv = (rows: Row[]) =>
  '\uFEFF' +
  [HEADERS, ...rows.map((r) => HEADERS.map((h) => r[h]!))]
    .map((cells) => cells.map(csvCell).join(','))
    .join('\r\n') +
  '\r\n';

const upload = (filename: string, content: Buffer | string) => ({
  filename,
  contentBase64: Buffer.from(content).toString('base64'),
});

const tables = [
  'customer',
  'managed_case',
  'decision',
  'restriction',
  'register_import',
  'audit_event',
] as const;
type Table = (typeof tables)[number];

describe('register import', () => {
  let api: TestApi;
  let admin: string;

  /** Rows of each table for one council, seen past RLS. */
  async function rowCounts(slug: string): Promise<Record<Table, number>> {
    const out = {} as Record<Table, number>;
    for (const t of tables) {
      const [r] = (await api.owner.query(
        `select count(*)::int as n from ${t} where tenant_id = $1`,
        [api.tenants[slug]],
      )) as { n: number }[];
      out[t] = r!.n;
    }
    return out;
  }

  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
    admin = await api.token('maidstone', 'admin@maidstone.example');
    const officer = await api.token('maidstone', 'officer@maidstone.example');
    const made = await api.gql(
      `mutation { createCustomer(input: { fullName: "Already Known", reference: "EXISTING-1" }) { id } }`,
      {},
      officer,
    );
    expect(made.errors).toBeUndefined();
  });
  afterAll(() => api.close());

  it('a 1,000-row register: the dry run names exactly the 10 faulty rows with their columns; the corrected file imports exactly what it said, all or none, once', async () => {
    const rows = Array.from({ length: 1000 }, (_, k) => {
      const i = k + 1;
      return { ...registerRow(i), ...(FAULTS[i]?.change ?? {}) };
    });
    const faulty = upload('register.csv', toCsv(rows));
    const before = await rowCounts('maidstone');

    const dry = await api.gql<Preview>(PREVIEW, { input: faulty }, admin);
    expect(dry.errors).toBeUndefined();
    const p = dry.data!.previewRegisterImport;
    expect(p.rowCount).toBe(1000);
    expect(p.suggestedMapping.map((m) => m.field)).toEqual([
      'CUSTOMER_REFERENCE',
      'CUSTOMER_NAME',
      'EMAIL',
      'PHONE',
      'ADDRESS',
      'CASE_REFERENCE',
      'STAGE',
      'MEASURES',
      'MEASURES_START',
      'MEASURES_END',
      'REVIEW_DATE',
      'DECISION_DATE',
      'NOTES',
    ]);
    expect(p.faultyRowCount).toBe(10);
    // Spreadsheet rows: data row i is row i + 1 (the header is row 1).
    expect(p.faults.map((f) => ({ row: f.row, columns: f.columns, code: f.code }))).toEqual(
      Object.entries(FAULTS).map(([i, f]) => ({
        row: Number(i) + 1,
        columns: f.columns,
        code: f.code,
      })),
    );
    for (const f of p.faults) expect(f.message.length).toBeGreaterThan(10);
    expect(p.faults.find((f) => f.code === 'DUPLICATE_IN_FILE')!.message).toContain('row 11');
    expect(p.wouldCreate.cases).toBe(990);
    expect(await rowCounts('maidstone')).toEqual(before);

    // Importing the faulty file is refused, naming how many rows, and writes nothing.
    const refused = await api.gql(IMPORT, { input: faulty }, admin);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.contentBase64',
      faultyRows: 10,
    });
    expect(await rowCounts('maidstone')).toEqual(before);

    // The corrected file.
    const fixed = Array.from({ length: 1000 }, (_, k) => registerRow(k + 1));
    const corrected = upload('register-corrected.csv', toCsv(fixed));
    const dry2 = (await api.gql<Preview>(PREVIEW, { input: corrected }, admin)).data!
      .previewRegisterImport;
    expect(dry2.faults).toEqual([]);
    expect(dry2.wouldCreate).toEqual({
      customers: 1000,
      cases: 1000,
      decisions: 1000,
      restrictions: 250 * 2 + 250 + 250,
    });

    // A database fault at row 900 (a trigger refusing its case) after 899 rows were written: nothing stays.
    await api.owner.query(`
      create function refuse_row_900() returns trigger language plpgsql as $$
      begin
        if new.reference = 'MBC-R0900' then raise exception 'injected fault at row 900'; end if;
        return new;
      end $$`);
    await api.owner.query(
      `create trigger refuse_row_900 before insert on managed_case for each row execute function refuse_row_900()`,
    );
    const failed = await api.gql(IMPORT, { input: corrected }, admin);
    expect(failed.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(failed)).not.toContain('injected');
    expect(await rowCounts('maidstone')).toEqual(before);
    await api.owner.query(`drop trigger refuse_row_900 on managed_case`);
    await api.owner.query(`drop function refuse_row_900`);

    const done = await api.gql<Imported>(IMPORT, { input: corrected }, admin);
    expect(done.errors).toBeUndefined();
    const result = done.data!.importRegister;
    expect(result.alreadyImported).toBe(false);
    expect(result.import.counts).toEqual(dry2.wouldCreate);
    const after = await rowCounts('maidstone');
    expect(after.customer - before.customer).toBe(1000);
    expect(after.managed_case - before.managed_case).toBe(1000);
    expect(after.decision - before.decision).toBe(1000);
    expect(after.restriction - before.restriction).toBe(dry2.wouldCreate.restrictions);
    expect(after.register_import - before.register_import).toBe(1);
    // One event for the import and one per row, holding ids (no name, e-mail or address).
    expect(after.audit_event - before.audit_event).toBe(1001);
    const payloads = (await api.owner.query(
      `select payload::text as p from audit_event where tenant_id = $1 and action like 'register.%'`,
      [api.tenants.maidstone],
    )) as { p: string }[];
    expect(payloads.some((x) => /Wójcik|example\.org|Ffordd/.test(x.p))).toBe(false);

    // Every decision is marked imported, names nobody, and points at its file and row.
    const [stats] = (await api.owner.query(
      `select count(*) filter (where kind = 'imported' and decided_by is null and source_row is not null)::int as imported,
              count(*) filter (where participants <> '[]'::jsonb)::int as with_people
         from decision where tenant_id = $1 and source_import_id = $2`,
      [api.tenants.maidstone, result.import.id],
    )) as { imported: number; with_people: number }[];
    expect(stats).toEqual({ imported: 1000, with_people: 0 });

    // The same file again imports nothing more.
    const again = await api.gql<Imported>(IMPORT, { input: corrected }, admin);
    expect(again.data!.importRegister).toMatchObject({
      alreadyImported: true,
      import: { id: result.import.id },
    });
    expect(await rowCounts('maidstone')).toEqual(after);
    const dry3 = (await api.gql<Preview>(PREVIEW, { input: corrected }, admin)).data!
      .previewRegisterImport;
    expect(dry3.alreadyImported?.id).toBe(result.import.id);

    // One imported case as the console sees it: at its stage, backdated, measures active, review from the policy.
    const [caseRow] = (await api.owner.query(
      `select id from managed_case where tenant_id = $1 and reference = 'MBC-R0005'`,
      [api.tenants.maidstone],
    )) as { id: string }[];
    const manager = await api.token('maidstone', 'manager@maidstone.example');
    const seen = await api.gql<{ case: Record<string, unknown> }>(
      CASE,
      { id: caseRow!.id },
      manager,
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.case).toMatchObject({
      stage: 'policy-applied',
      status: 'open',
      stageEnteredAt: '2025-11-01T00:00:00.000Z',
      // Maidstone §7.2: every three months, or at the end of the period if sooner.
      reviewDueAt: '2026-02-01T00:00:00.000Z',
      decisions: [
        {
          kind: 'imported',
          decidedBy: null,
          toStage: 'policy-applied',
          importedFrom: { row: 6, import: { sha256: result.import.sha256 } },
        },
      ],
    });
    const restrictions = seen.data!.case.restrictions as {
      type: string;
      status: string;
      parametersJson: string;
    }[];
    expect(restrictions.map((r) => [r.type, r.status, JSON.parse(r.parametersJson)])).toEqual(
      expect.arrayContaining([
        ['single-point-of-contact', 'active', { officer: 'J Smith' }],
        ['call-time-limit', 'active', { minutes: 10 }],
      ]),
    );
    // The register lists imported cases.
    const reg = await api.gql<{ register: { totalCount: number } }>(
      `{ register(first: 1) { totalCount } }`,
      {},
      manager,
    );
    expect(reg.data!.register.totalCount).toBeGreaterThanOrEqual(750);
  }, 240_000);

  it('an XLSX register with date cells and hyperlinked e-mails, mapped by hand', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Register');
    sheet.addRow(['Who', 'Contact e-mail', 'Where', 'Since', 'Until', 'Measures in place']);
    for (let i = 1; i <= 50; i++) {
      const row = sheet.addRow([
        `Siân Ŵyn ${i}`,
        { text: `sian${i}@example.org`, hyperlink: `mailto:sian${i}@example.org` },
        i % 2 ? 'Policy applied' : 'Warning given',
        new Date(Date.UTC(2025, 10, 3)),
        i % 2 ? new Date(Date.UTC(2026, 1, 3)) : null,
        i % 2 ? 'Single point of contact (J Jones)' : null,
      ]);
      row.commit();
    }
    const file = upload('register.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const mapping = [
      { column: 'Who', field: 'CUSTOMER_NAME' },
      { column: 'Contact e-mail', field: 'EMAIL' },
      { column: 'Where', field: 'STAGE' },
      { column: 'Since', field: 'DECISION_DATE' },
      { column: 'Until', field: 'MEASURES_END' },
      { column: 'Measures in place', field: 'MEASURES' },
    ];
    const dry = await api.gql<Preview>(PREVIEW, { input: { ...file, mapping } }, admin);
    expect(dry.errors).toBeUndefined();
    expect(dry.data!.previewRegisterImport).toMatchObject({
      format: 'xlsx',
      rowCount: 50,
      faults: [],
      wouldCreate: { customers: 50, cases: 50, decisions: 50, restrictions: 25 },
    });
    const done = await api.gql<Imported>(IMPORT, { input: { ...file, mapping } }, admin);
    expect(done.errors).toBeUndefined();
    expect(done.data!.importRegister.import.counts.restrictions).toBe(25);
    const [r] = (await api.owner.query(
      `select c.email, r.starts_at, r.ends_at, r.parameters from customer c
         join managed_case m on m.tenant_id = c.tenant_id and m.customer_id = c.id
         join restriction r on r.tenant_id = m.tenant_id and r.case_id = m.id
        where c.tenant_id = $1 and c.full_name = 'Siân Ŵyn 1'`,
      [api.tenants.maidstone],
    )) as { email: string; starts_at: Date; ends_at: Date; parameters: unknown }[];
    expect(r).toEqual({
      email: 'sian1@example.org',
      starts_at: new Date('2025-11-03T00:00:00Z'),
      ends_at: new Date('2026-02-03T00:00:00Z'),
      parameters: { officer: 'J Jones' },
    });

    // A mapping naming a column the file lacks is refused on the field.
    const bad = await api.gql(
      PREVIEW,
      {
        input: { ...file, mapping: [...mapping.slice(0, 2), { column: 'Stage', field: 'STAGE' }] },
      },
      admin,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.mapping.2',
    });
  }, 120_000);

  it('only a council’s own admin imports, into that council alone', async () => {
    const csv = upload(
      'london.csv',
      'Customer ref,Name,Stage,Decision date\nLBX-1,Imported Londoner,Concern raised,2025-12-01\n',
    );
    const london = await api.token('london-borough', 'admin@london-borough.example');
    const maidstoneBefore = await rowCounts('maidstone');
    const londonBefore = await rowCounts('london-borough');
    const dry = await api.gql<Preview>(PREVIEW, { input: csv }, london);
    expect(dry.data!.previewRegisterImport.faults).toEqual([]);
    const done = await api.gql<Imported>(IMPORT, { input: csv }, london);
    expect(done.errors).toBeUndefined();
    expect((await rowCounts('london-borough')).customer - londonBefore.customer).toBe(1);
    expect(await rowCounts('maidstone')).toEqual(maidstoneBefore);

    // Maidstone cannot see London's import nor its customers: the same file is new to it.
    const seenFromMaidstone = (await api.gql<Preview>(PREVIEW, { input: csv }, admin)).data!
      .previewRegisterImport;
    expect(seenFromMaidstone.alreadyImported).toBeNull();
    expect(seenFromMaidstone.faults.map((f) => f.code)).toEqual(['UNKNOWN_STAGE']);

    // Staff, anonymous callers and operators may not import.
    const officer = await api.token('maidstone', 'officer@maidstone.example');
    expect((await api.gql(IMPORT, { input: csv }, officer)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await api.gql(PREVIEW, { input: csv })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await rowCounts('maidstone')).toEqual(maidstoneBefore);
  });
});
