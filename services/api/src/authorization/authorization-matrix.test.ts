import type { GraphQLSchema } from 'graphql';
import { buildApiSchema } from '../schema';
import { tenantFingerprint } from '@conduct/api/testing/tenant-fingerprint';
import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';
import {
  ghostTargets,
  seedMatrixTargets,
  type MatrixTargets,
} from '@conduct/api/testing/authorization/authorization-matrix.fixture';
import { SAMPLES } from '@conduct/api/testing/authorization/authorization-matrix.samples';
import {
  ALLOWED,
  CALLERS,
  COUNCIL_CALLERS,
  POLICY_ROLES,
  type Caller,
  type CouncilCaller,
} from '@conduct/api/testing/authorization/authorization-matrix.table';
import {
  rootFields,
  rootOperation,
  type RootField,
} from '@conduct/api/testing/authorization/root-fields.testkit';

const COUNCIL = 'maidstone';
const OTHER_COUNCIL = 'southampton';
/** The council the operator suspends, reinstates and re-points: nobody else uses it here. */
const BYSTANDER = 'welwyn-hatfield';

/** The answers that mean "not past authorisation" (graphql/errors.ts). */
const DENIALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);
/** Answers that mean the call never reached authorisation, or crashed: the matrix cannot judge them. */
const BROKEN = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'QUERY_TOO_COMPLEX',
  'INTERNAL_SERVER_ERROR',
]);

/**
 * Runs `tasks` a few at a time: fewer than the server's pool of 5 connections,
 * since a request holding its transaction may need a second one (purgePreview).
 */
async function inParallel(tasks: (() => Promise<void>)[], width = 4): Promise<void> {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
}

/** The response without what differs on every request, for "answers exactly like". */
const comparable = (res: GraphQLResponse) =>
  JSON.stringify(res, (key, value: unknown) => (key === 'correlationId' ? undefined : value));

/**
 * RELIABILITY target 1: every root field of the built schema × every role of a
 * council, its tenant admin, an API key, a platform operator and an anonymous
 * caller × the caller's own council's ids and another council's. The table
 * (authorization-matrix.table.ts) says who is let past authorisation; another
 * council's ids are refused for everyone, answer exactly like ids that exist
 * nowhere, and no call changes a byte of the other council's rows.
 */
describe('authorisation matrix', () => {
  let api: TestApi;
  let schema: GraphQLSchema;
  let fields: RootField[];
  const cells = { own: 0, foreign: 0 };
  const found = {
    unexpectedAllows: [] as string[],
    unexpectedDenials: [] as string[],
    unjudged: [] as string[],
    foreignUnlikeMissing: [] as string[],
    otherCouncilChanged: [] as string[],
  };

  async function credentials(): Promise<Record<Caller, string | undefined>> {
    const bearer = async (email: string) => `Bearer ${await api.token(COUNCIL, email)}`;
    const admin = await bearer(`admin@${COUNCIL}.example`);
    const key = await api.gqlAs<{ createApiKey: { secret: string } }>(
      admin,
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { name: 'Matrix integration', roles: ['officer'] } },
    );
    await api.owner.query(
      `insert into operator (email, display_name) values ('matrix@platform.example', 'Matrix')`,
    );
    const staff = await Promise.all(
      POLICY_ROLES.map(async (r) => [r, await bearer(`${r}@${COUNCIL}.example`)]),
    );
    return {
      ...(Object.fromEntries(staff) as Record<CouncilCaller, string>),
      'tenant-admin': admin,
      'api-key': `ApiKey ${key.data!.createApiKey.secret}`,
      operator: `Bearer ${await api.operatorToken('matrix@platform.example')}`,
      anonymous: undefined,
    };
  }

  function judge(cell: string, res: GraphQLResponse, allowed: boolean): void {
    const error = res.errors?.[0];
    const code = error?.extensions?.code as string | undefined;
    const answer = `${code ?? 'ok'}${error ? ` "${error.message}"` : ''}`;
    if (code && BROKEN.has(code)) found.unjudged.push(`${cell}: ${answer}`);
    else if (!allowed && !DENIALS.has(code ?? ''))
      found.unexpectedAllows.push(`${cell}: ${answer}`);
    else if (allowed && DENIALS.has(code ?? '')) found.unexpectedDenials.push(`${cell}: ${answer}`);
  }

  async function sweep(ownTargets: MatrixTargets, foreign: MatrixTargets): Promise<void> {
    const missing = ghostTargets(ownTargets);
    const auth = await credentials();
    const otherCouncil = api.tenants[OTHER_COUNCIL]!;
    const baseline = await tenantFingerprint(api.owner, otherCouncil);
    const checkOtherCouncil = async (after: string) => {
      const now = await tenantFingerprint(api.owner, otherCouncil);
      const changed = Object.keys(baseline).filter((t) => now[t] !== baseline[t]);
      if (changed.length) found.otherCouncilChanged.push(`${after}: ${changed.join(', ')}`);
    };

    for (const root of fields) {
      const allowed = ALLOWED[root.key];
      if (!allowed) continue;
      const args = SAMPLES[root.key];
      const call = (caller: Caller, t: MatrixTargets) => {
        const { query, variables } = rootOperation(schema, root, args?.(t, caller));
        return api.gqlAs(auth[caller], query, variables);
      };
      const ownCell = async (caller: Caller) => {
        judge(`${root.key} × ${caller}`, await call(caller, ownTargets), allowed.includes(caller));
        cells.own += 1;
      };
      const foreignCell = async (caller: Caller) => {
        const viaForeign = await call(caller, foreign);
        judge(`${root.key} × ${caller} × ${OTHER_COUNCIL}'s ids`, viaForeign, false);
        cells.foreign += 1;
        // A caller its roles refuse never gets as far as the id: only the others can tell them apart.
        if (!allowed.includes(caller)) return;
        const viaMissing = await call(caller, missing);
        if (comparable(viaForeign) !== comparable(viaMissing))
          found.foreignUnlikeMissing.push(
            `${root.key} × ${caller}: ${comparable(viaForeign)} vs ${comparable(viaMissing)}`,
          );
      };
      // A mutation the table allows changes what the next allowed caller finds: those go in turn.
      const inTurn = root.op === 'mutation' ? CALLERS.filter((c) => allowed.includes(c)) : [];
      // Operators and anonymous callers have no council of their own: one column. A field
      // naming nothing by id has no other council's row to ask for.
      const namesIds =
        args &&
        JSON.stringify(args(ownTargets, 'officer')) !== JSON.stringify(args(foreign, 'officer'));
      await inParallel([
        async () => {
          for (const c of inTurn) await ownCell(c);
        },
        ...CALLERS.filter((c) => !inTurn.includes(c)).map((c) => () => ownCell(c)),
        ...(namesIds ? COUNCIL_CALLERS.map((c) => () => foreignCell(c)) : []),
      ]);
      if (root.op === 'mutation') await checkOtherCouncil(root.key);
    }
    await checkOtherCouncil('the whole sweep');
  }

  beforeAll(async () => {
    api = await startTestApi();
    schema = await buildApiSchema();
    fields = rootFields(schema);
    const own = await seedMatrixTargets(api, COUNCIL, {
      councilId: api.tenants[BYSTANDER]!,
      notify: 'manager',
    });
    const foreign = await seedMatrixTargets(api, OTHER_COUNCIL, {
      councilId: api.tenants[OTHER_COUNCIL]!,
      notify: 'officer',
    });
    await sweep(own, foreign);
  }, 300_000);
  afterAll(() => api.close());

  it('has an expectation for every root field of the schema, and none for fields it lacks', () => {
    const keys = fields.map((f) => f.key);
    expect(keys.filter((k) => !(k in ALLOWED))).toEqual([]);
    expect(Object.keys({ ...ALLOWED, ...SAMPLES }).filter((k) => !keys.includes(k))).toEqual([]);
    expect(cells.own).toBe(keys.length * CALLERS.length);
  });

  it('lets no caller past authorisation where the table refuses, nor on another council’s ids', () => {
    expect(found.unexpectedAllows).toEqual([]);
  });

  it('lets every caller the table names past authorisation on its own council’s ids', () => {
    expect(found.unexpectedDenials).toEqual([]);
  });

  it('reaches authorisation with every call (no invalid sample, no crash)', () => {
    expect(found.unjudged).toEqual([]);
  });

  it('answers another council’s id exactly like an id that exists nowhere', () => {
    expect(found.foreignUnlikeMissing).toEqual([]);
  });

  it('leaves every row of the other council byte-identical after every mutation', () => {
    expect(found.otherCouncilChanged).toEqual([]);
  });
});
