import { Client } from 'pg';
import { seedFrontLine } from '@conduct/api/testing/guidance/front-line.fixture';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * Statements per request for the main read operations, counted at the driver
 * (every query the API's pool sends, BEGIN and COMMIT included) once caches are
 * warm. A change that adds a query per row, a count nobody asked for or an
 * un-batched loader fails here with the statements it sent.
 */
const BUDGETS = {
  // BEGIN with the session (one round trip), cases with their customers, contacts, decisions
  // and restrictions, COMMIT
  caseList: 3,
  // BEGIN with the session, case, customer, contacts, decisions, restrictions, COMMIT
  casePage: 7,
  // BEGIN with the session, page, customers, decisions, restrictions, reviews, letters,
  // disseminations, case notes (the register's notes column, issue 13), COMMIT
  register: 10,
  // BEGIN with the session, search, restrictions in force, audit (lock, tail, insert), COMMIT
  guidance: 7,
};

/** Fails with the statements themselves when there are more than the budget. */
function within(sent: string[], budget: number): void {
  if (sent.length > budget)
    throw new Error(`${sent.length} statements (budget ${budget}):\n${sent.join('\n---\n')}`);
}

let recording: string[] | undefined;
const query = Client.prototype.query;
// Only the API's own pool (application_name conduct-app); the test's owner pool is not counted.
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  const params = (this as unknown as { connectionParameters?: { application_name?: string } })
    .connectionParameters;
  if (recording && params?.application_name === 'conduct-app') {
    const first = args[0] as string | { text: string };
    recording.push(typeof first === 'string' ? first : first.text);
  }
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof Client.prototype.query;

describe('SQL statements per request', () => {
  let api: TestApi;
  let token: string;
  let caseId: string;

  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-06T10:30:00Z') });
    token = await api.token('maidstone', 'head-of-policy@maidstone.example');
    for (let i = 0; i < 3; i++) {
      const seeded = await seedFrontLine(api, {
        slug: 'maidstone',
        fullName: `Jonathan Whitfield ${i}`,
        restrictions: [{ type: 'call-time-limit', parameters: { minutes: 15 } }],
      });
      caseId = seeded.caseId!;
      const logged = await api.gql(
        `mutation($input: LogContactInput!) { logContact(input: $input) { id } }`,
        {
          input: {
            customerId: seeded.customerId,
            caseId,
            occurredAt: '2026-01-05T09:15:00.123Z',
            channel: 'telephone',
            severity: 'low',
            description: `Called about the planning decision (${i})`,
          },
        },
        token,
      );
      expect(logged.errors).toBeUndefined();
    }
  });
  afterAll(() => api.close());

  async function statementsOf(document: string, variables: Record<string, unknown> = {}) {
    // Warm: the tenant directory and the parsed-policy cache are per process.
    const warm = await api.gql(document, variables, token);
    expect(warm.errors).toBeUndefined();
    recording = [];
    const res = await api.gql(document, variables, token);
    const sent = recording;
    recording = undefined;
    expect(res.errors).toBeUndefined();
    return sent;
  }

  it('lists cases with their customer, contacts, decisions and restrictions', async () => {
    const sent = await statementsOf(`{ cases(first: 50) { edges { node { id stageLabel
      customer { id fullName } contacts { id } decisions { id kind } restrictions { id type } } } } }`);
    within(sent, BUDGETS.caseList);
    expect(sent.some((s) => /count\(/i.test(s))).toBe(false);
  });

  it('shows each case in the list as its own page shows it', async () => {
    // The list reads the nested rows as JSON in its one statement; the page through loaders.
    const fields = `id reference stage stageLabel status serviceAreas linkedReferences legalHold openedAt
      stageEnteredAt reviewDueAt closedAt policyVersion version
      customer { __typename id reference fullName email phone address representative
        reasonableAdjustments vulnerabilityFlags safeguardingNotes createdAt }
      contacts { id occurredAt channel behaviourCategories severity description staffAffected
        newIssue recordedBy recordedAt caseId }
      decisions { id kind transitionKey fromStage toStage outcome decidedBy decidedAt
        participants { userId role step } }
      restrictions { id type parametersJson startsAt endsAt status }`;
    const list = await api.gql<{ cases: { edges: { node: { id: string } }[] } }>(
      `{ cases(first: 5) { edges { node { ${fields} } } } }`,
      {},
      token,
    );
    expect(list.errors).toBeUndefined();
    const nodes = list.data!.cases.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    const seen = { restrictions: 0, decisions: 0, contacts: 0 };
    for (const node of nodes) {
      const page = await api.gql<{ case: Record<string, unknown[]> }>(
        `query($id: ID!) { case(id: $id) { ${fields} } }`,
        { id: node.id },
        token,
      );
      expect(page.errors).toBeUndefined();
      expect(node).toEqual(page.data!.case);
      for (const k of Object.keys(seen) as (keyof typeof seen)[])
        seen[k] += page.data!.case[k]!.length;
    }
    // The comparison covered every list, not only empty ones.
    expect(Math.min(...Object.values(seen))).toBeGreaterThan(0);
  });

  it('reads only the selected columns and still pages and labels as the case page does', async () => {
    // No stage, policy id or array column selected: the list reads fewer columns.
    const fields = 'id stageLabel policyVersion customer { fullName } contacts { channel }';
    type Page = {
      cases: {
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const query = `query($after: String) { cases(first: 1, after: $after) {
      edges { cursor node { ${fields} } } pageInfo { hasNextPage endCursor } } }`;
    const first = await api.gql<Page>(query, {}, token);
    expect(first.errors).toBeUndefined();
    const { edges, pageInfo } = first.data!.cases;
    expect(pageInfo).toEqual({ hasNextPage: true, endCursor: edges[0]!.cursor });
    const next = await api.gql<Page>(query, { after: pageInfo.endCursor }, token);
    expect(next.errors).toBeUndefined();
    const all = [...edges, ...next.data!.cases.edges].map((e) => e.node);
    expect(new Set(all.map((n) => n.id)).size).toBe(2);
    for (const node of all) {
      const page = await api.gql<{ case: unknown }>(
        `query($id: ID!) { case(id: $id) { ${fields} } }`,
        { id: node.id },
        token,
      );
      expect(node).toEqual(page.data!.case);
    }
    // The time a cursor carries is read when only a cursor is selected too.
    const endOnly = await api.gql<Page>(
      '{ cases(first: 1) { edges { node { id } } pageInfo { endCursor } } }',
      {},
      token,
    );
    expect(endOnly.data!.cases.pageInfo.endCursor).toBe(edges[0]!.cursor);
    const full = await api.gql<Page>('{ cases(first: 2) { edges { node { id } } } }', {}, token);
    expect(full.data!.cases.edges.map((e) => e.node.id)).toEqual(all.map((n) => n.id));
  });

  it('counts cases only when totalCount is asked for', async () => {
    const sent = await statementsOf('{ cases(first: 5) { totalCount edges { node { id } } } }');
    expect(sent.filter((s) => /count\(/i.test(s))).toHaveLength(1);
  });

  it('reads one case page', async () => {
    const sent = await statementsOf(
      `query($id: ID!) { case(id: $id) { id stageLabel customer { id fullName }
        contacts { id } decisions { id kind } restrictions { id type } } }`,
      { id: caseId },
    );
    within(sent, BUDGETS.casePage);
  });

  it('reads a page of the register without counting it', async () => {
    const sent = await statementsOf(
      '{ register(first: 50) { edges { node { caseReference cells { key value } } } } }',
    );
    within(sent, BUDGETS.register);
    expect(sent.some((s) => /count\(/i.test(s))).toBe(false);
  });

  it('answers front-line guidance', async () => {
    const sent = await statementsOf(
      `{ contactGuidance(customerQuery: "Jonathan Whitfeld", channel: "telephone") {
          customerId verdict details { cases { reference } } } }`,
    );
    within(sent, BUDGETS.guidance);
  });
});
