import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id reference fullName safeguardingNotes } }`;
const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id stage stageLabel status policyVersion } }`;
const LOG_CONTACT = `mutation($input: LogContactInput!) { logContact(input: $input) { id channel severity } }`;

describe('cases, customers and contacts', () => {
  let api: TestApi;
  let officer: string;
  let foreignOfficer: string;
  let customerId: string;
  let caseId: string;

  beforeAll(async () => {
    api = await startTestApi();
    officer = await api.token('maidstone', 'officer@maidstone.example');
    foreignOfficer = await api.token('southampton', 'officer@southampton.example');
    const created = await api.gql<{ createCustomer: { id: string } }>(
      CREATE_CUSTOMER,
      { input: { fullName: 'Alex Example', email: 'alex@example.org' } },
      officer,
    );
    expect(created.errors).toBeUndefined();
    customerId = created.data!.createCustomer.id;
    const opened = await api.gql<{ openCase: { id: string; stage: string; status: string } }>(
      OPEN_CASE,
      { input: { customerId, serviceAreas: ['planning'] } },
      officer,
    );
    expect(opened.errors).toBeUndefined();
    caseId = opened.data!.openCase.id;
  });
  afterAll(() => api.close());

  it('says who is signed in', async () => {
    const res = await api.gql<{ me: { tenantSlug: string; user: { roles: string[] } } }>(
      '{ me { tenantSlug user { roles } canReadSafeguarding } }',
      {},
      officer,
    );
    expect(res.data?.me).toMatchObject({ tenantSlug: 'maidstone', user: { roles: ['officer'] } });
  });

  it('refuses anonymous callers and bad tokens with UNAUTHENTICATED', async () => {
    const anon = await api.gql('{ cases { totalCount } }');
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await api.gql('{ cases { totalCount } }', {}, `${officer.slice(0, -4)}AAAA`);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('opens a case at the policy’s first stage, pinned to the active version', async () => {
    const res = await api.gql<{ case: { stage: string; status: string; policyVersion: number } }>(
      `query($id: ID!) { case(id: $id) { stage status policyVersion customer { fullName } } }`,
      { id: caseId },
      officer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.case).toMatchObject({ status: 'open', policyVersion: 1 });
  });

  it('answers a case’s customer and lists wherever a case is returned, through fragments too', async () => {
    const opened = await api.gql<{
      openCase: { id: string; customer: { fullName: string }; contacts: unknown[] };
    }>(
      `mutation($input: OpenCaseInput!) { openCase(input: $input) {
        id customer { fullName } contacts { id } decisions { id } restrictions { id } } }`,
      { input: { customerId, serviceAreas: ['planning'] } },
      officer,
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data!.openCase).toMatchObject({
      customer: { fullName: 'Alex Example' },
      contacts: [],
      decisions: [],
      restrictions: [],
    });
    const id = opened.data!.openCase.id;
    const logged = await api.gql<{ logContact: { id: string } }>(
      LOG_CONTACT,
      {
        input: {
          customerId,
          caseId: id,
          occurredAt: '2026-01-03T10:00:00Z',
          channel: 'telephone',
          severity: 'low',
        },
      },
      officer,
    );
    const page = await api.gql<{ case: { who: { fullName: string }; contacts: unknown[] } }>(
      `query($id: ID!) { case(id: $id) { ...Related } }
       fragment Related on CaseNode { who: customer { fullName } ... on CaseNode { contacts { id channel } } }`,
      { id },
      officer,
    );
    expect(page.errors).toBeUndefined();
    expect(page.data!.case).toEqual({
      who: { fullName: 'Alex Example' },
      contacts: [{ id: logged.data!.logContact.id, channel: 'telephone' }],
    });
  });

  it('answers another council’s case id exactly like a missing one', async () => {
    const foreign = await api.gql(
      `query($id: ID!) { case(id: $id) { id } }`,
      { id: caseId },
      foreignOfficer,
    );
    const missing = await api.gql(
      `query($id: ID!) { case(id: $id) { id } }`,
      { id: '00000000-0000-4000-8000-000000000000' },
      foreignOfficer,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    const list = await api.gql<{ cases: { totalCount: number } }>(
      '{ cases { totalCount } }',
      {},
      foreignOfficer,
    );
    expect(list.data?.cases.totalCount).toBe(0);
  });

  it('rejects malformed input with the field path and writes nothing', async () => {
    const count = async () =>
      Number((await api.owner.query('select count(*) from contact'))[0].count);
    const before = await count();
    const res = await api.gql(
      LOG_CONTACT,
      {
        input: {
          customerId,
          caseId,
          occurredAt: '2026-01-04T10:00:00Z',
          channel: 'telephone',
          severity: 'catastrophic',
        },
      },
      officer,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.severity',
    });
    const wrongChannel = await api.gql(
      LOG_CONTACT,
      {
        input: {
          customerId,
          caseId,
          occurredAt: '2026-01-04T10:00:00Z',
          channel: 'carrier-pigeon',
          severity: 'low',
        },
      },
      officer,
    );
    expect(wrongChannel.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.channel',
    });
    expect(await count()).toBe(before);
  });

  it('hides safeguarding notes from roles the policy does not name', async () => {
    const head = await api.token('maidstone', 'head-of-policy@maidstone.example');
    const written = await api.gql<{
      createCustomer: { id: string; safeguardingNotes: string | null };
    }>(
      CREATE_CUSTOMER,
      { input: { fullName: 'Sam Sample', safeguardingNotes: 'Known to adult social care' } },
      head,
    );
    expect(written.data?.createCustomer.safeguardingNotes).toBe('Known to adult social care');
    const asOfficer = await api.gql<{ customer: { safeguardingNotes: string | null } }>(
      `query($id: ID!) { customer(id: $id) { safeguardingNotes } }`,
      { id: written.data!.createCustomer.id },
      officer,
    );
    expect(asOfficer.data?.customer.safeguardingNotes).toBeNull();
    const officerWrites = await api.gql(
      CREATE_CUSTOMER,
      { input: { fullName: 'Other', safeguardingNotes: 'x' } },
      officer,
    );
    expect(officerWrites.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists 50 cases with contacts, decisions and restrictions in at most 5 SQL statements', async () => {
    for (let i = 0; i < 50; i++) {
      const c = await api.gql<{ openCase: { id: string } }>(
        OPEN_CASE,
        { input: { customerId } },
        officer,
      );
      await api.gql(
        LOG_CONTACT,
        {
          input: {
            customerId,
            caseId: c.data!.openCase.id,
            occurredAt: '2026-01-04T10:00:00Z',
            channel: 'telephone',
            severity: 'low',
          },
        },
        officer,
      );
    }
    const logged: string[] = [];
    const original = api.ds.driver.createQueryRunner.bind(api.ds.driver);
    api.ds.driver.createQueryRunner = (mode) => {
      const runner = original(mode);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string | { text: string }, ...rest: unknown[]) => {
        // A prepared read passes the driver a { name, text } config.
        logged.push(typeof sql === 'string' ? sql : sql.text);
        return (query as (...a: unknown[]) => unknown)(sql, ...rest);
      }) as typeof runner.query;
      return runner;
    };
    try {
      const res = await api.gql<{ cases: { edges: unknown[] } }>(
        `{ cases(first: 50) { edges { node { id contacts { id } decisions { id } restrictions { id } } } } }`,
        {},
        officer,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.cases.edges).toHaveLength(50);
    } finally {
      api.ds.driver.createQueryRunner = original;
    }
    // Signing in reads the tenant, the user and the policy version; everything else is the query's own.
    const identityOrControl =
      /^(START TRANSACTION|COMMIT|ROLLBACK|select set_config)|"(Tenant|AppUser|PolicyVersion)"\./;
    const own = logged.filter((q) => !identityOrControl.test(q.trim()));
    expect(own.length).toBeLessThanOrEqual(5);
  });
});
