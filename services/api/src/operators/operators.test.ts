import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'express';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import { createLogger } from '@conduct/config';
import { buildApiSchema } from '../schema';
import { buildRequestContext } from '../identity/request-context';
import { addOperator, deactivateOperator } from './operator-roster';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { PolicyCache } from '../request/policy-cache';
import { TEST_ISSUER_SECRET, startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/** Root fields that answer with platform data only; every other one must refuse an operator. */
const PLATFORM_QUERIES = new Set(['health', 'tenants', 'operatorLog']);
const PLATFORM_MUTATIONS = new Set([
  'createTenant',
  'suspendTenant',
  'reinstateTenant',
  'setTenantIdentityProvider',
]);
/**
 * An operator's only way to change anything in a council: each needs a reason
 * and is recorded in the council's chain and noticed to its admins
 * (break-glass.test.ts); they read nothing of the council's case data.
 */
const BREAK_GLASS_MUTATIONS = new Set([
  'breakGlassApproveStaffChange',
  'breakGlassApprovePolicyActivation',
  'breakGlassAssignRoles',
]);
const CANARY = 'Canary';

describe('platform operators', () => {
  let api: TestApi;
  let op: string;
  let caseId: string;
  let customerId: string;

  beforeAll(async () => {
    api = await startTestApi();
    await api.owner.query(
      `insert into operator (email, display_name) values ('ops@platform.example', 'Ops')`,
    );
    op = await api.operatorToken('ops@platform.example');
    // Case data in a council: a customer, a case, a letter and their audit trail.
    const officer = await api.token('maidstone', 'officer@maidstone.example');
    const customer = await api.gql<{ createCustomer: { id: string } }>(
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
      { i: { fullName: `${CANARY} Person`, email: 'canary@example.org' } },
      officer,
    );
    customerId = customer.data!.createCustomer.id;
    const opened = await api.gql<{ openCase: { id: string } }>(
      `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`,
      { i: { customerId } },
      officer,
    );
    caseId = opened.data!.openCase.id;
    await api.owner.query(
      `insert into letter (tenant_id, case_id, template_key, title, body, sections, status, created_at)
       values ($1, $2, 'warning', 'Warning', '${CANARY} letter body', '[]', 'draft', now())`,
      [api.tenants.maidstone, caseId],
    );
  });
  afterAll(() => api.close());

  it('lists every council as platform data', async () => {
    const res = await api.gql<{ tenants: { slug: string; status: string }[] }>(
      '{ tenants { id slug name population benchmarkingOptIn status createdAt identityProvider { issuer } } }',
      {},
      op,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.tenants.map((t) => t.slug)).toEqual(Object.keys(api.tenants).sort());
  });

  it('is refused to council staff and to anonymous callers', async () => {
    const admin = await api.token('maidstone', 'admin@maidstone.example');
    expect((await api.gql('{ tenants { id } }', {}, admin)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await api.gql('{ tenants { id } }')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('never gets case data through any query of the built schema', async () => {
    const schema = await buildApiSchema();
    const fields = Object.values(schema.getQueryType()!.getFields());
    expect(fields.length).toBeGreaterThan(5);
    for (const field of fields) {
      const res = await api.gql(operationFor('query', field), argsFor(field), op);
      const body = JSON.stringify(res);
      expect({ field: field.name, leaked: body.includes(CANARY) }).toEqual({
        field: field.name,
        leaked: false,
      });
      if (PLATFORM_QUERIES.has(field.name)) {
        expect({ field: field.name, errors: res.errors }).toEqual({
          field: field.name,
          errors: undefined,
        });
      } else {
        expect({ field: field.name, code: res.errors?.[0]?.extensions?.code }).toEqual({
          field: field.name,
          code: expect.stringMatching(/^(UNAUTHENTICATED|FORBIDDEN)$/),
        });
        expect(res.data?.[field.name] ?? null).toBeNull();
      }
    }
  });

  it('cannot change any council’s data through any mutation', async () => {
    const before = await tenantRowCounts();
    const schema = await buildApiSchema();
    for (const field of Object.values(schema.getMutationType()!.getFields())) {
      if (PLATFORM_MUTATIONS.has(field.name) || BREAK_GLASS_MUTATIONS.has(field.name)) continue;
      const res = await api.gql(operationFor('mutation', field), argsFor(field), op);
      expect({ field: field.name, code: res.errors?.[0]?.extensions?.code }).toEqual({
        field: field.name,
        code: expect.stringMatching(/^(UNAUTHENTICATED|FORBIDDEN)$/),
      });
    }
    expect(await tenantRowCounts()).toEqual(before);
  });

  it('sees zero rows of every tenant table at the database level', async () => {
    const services = {
      ds: api.ds,
      redis: undefined as never,
      logger: createLogger('test', 'silent'),
      version: 'test',
      clock: api.clock,
      policies: new PolicyCache(),
      auth: { production: false, devIssuerSecret: TEST_ISSUER_SECRET },
    };
    const req = { headers: { authorization: `Bearer ${op}` } } as unknown as Request;
    const { ctx, tx } = await buildRequestContext(services, req);
    expect(ctx.operatorSession).toBeDefined();
    expect(ctx.session).toBeUndefined();
    try {
      const counts = await tenantRowCounts();
      expect(counts.customer).toBeGreaterThan(0);
      expect(counts.managed_case).toBeGreaterThan(0);
      expect(counts.letter).toBeGreaterThan(0);
      expect(counts.audit_event).toBeGreaterThan(0);
      for (const table of Object.keys(counts)) {
        const [row] = await tx!.em.query(`select count(*)::int as n from ${table}`);
        expect({ table, n: row.n }).toEqual({ table, n: 0 });
      }
      await expect(
        tx!.em.query(
          `insert into customer (tenant_id, reference, created_at, updated_at) values ($1, 'X', now(), now())`,
          [api.tenants.maidstone],
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await tx!.finish(false);
    }
  });

  it('creates a council whose first admin can then sign in, and suspends it', async () => {
    const policyText = readFileSync(join(TENANTS_DIR, 'maidstone', 'policy.yaml'), 'utf8').replace(
      /^slug: maidstone$/m,
      'slug: new-town',
    );
    const create = `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id slug status identityProvider { issuer } } }`;
    const input = {
      slug: 'new-town',
      name: 'New Town Council',
      population: 50000,
      benchmarkingOptIn: true,
      identityProvider: {
        issuer: 'https://login.microsoftonline.com/nt/v2.0',
        jwksUrl: 'https://login.microsoftonline.com/nt/discovery/v2.0/keys',
        audience: 'api://conduct',
      },
      firstAdmin: { email: 'Admin@new-town.example', displayName: 'First admin' },
      policyText,
    };
    const bad = await api.gql(
      create,
      { i: { ...input, policyText: policyText.replace('slug: new-town', 'slug: elsewhere') } },
      op,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const res = await api.gql<{ createTenant: { id: string; status: string } }>(
      create,
      { i: input },
      op,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createTenant.status).toBe('active');
    const again = await api.gql(create, { i: input }, op);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const admin = await api.token('new-town', 'admin@new-town.example');
    const me = await api.gql<{ me: { user: { roles: string[] }; policyVersion: number } }>(
      '{ me { user { roles } policyVersion } }',
      {},
      admin,
    );
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toEqual({ user: { roles: ['tenant-admin'] }, policyVersion: 1 });
    const [event] = await api.owner.query(
      `select action from operator_event where target_tenant_id = $1`,
      [res.data!.createTenant.id],
    );
    expect(event.action).toBe('tenant.created');

    const suspended = await api.gql<{ suspendTenant: { status: string } }>(
      `mutation($id: ID!) { suspendTenant(id: $id) { status } }`,
      { id: res.data!.createTenant.id },
      op,
    );
    expect(suspended.data!.suspendTenant.status).toBe('suspended');
    expect((await api.gql('{ me { tenantSlug } }', {}, admin)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses an operator token for someone who is not an operator', async () => {
    const stranger = await api.operatorToken('stranger@platform.example');
    expect((await api.gql('{ tenants { id } }', {}, stranger)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('adds, deactivates and reactivates an operator from the roster, recording each change', async () => {
    const email = 'second-line@platform.example';
    const now = new Date('2026-01-05T09:00:00Z');
    const ask = async () =>
      (await api.gql('{ tenants { id } }', {}, await api.operatorToken(email))).errors?.[0]
        ?.extensions?.code;
    expect(await ask()).toBe('UNAUTHENTICATED');

    expect(await addOperator(api.ds, email, 'Second Line', now)).toBe('added');
    expect(await addOperator(api.ds, email, 'Second Line', now)).toBe('unchanged');
    expect(await ask()).toBeUndefined();

    expect(await deactivateOperator(api.ds, email, now)).toBe('deactivated');
    expect(await ask()).toBe('UNAUTHENTICATED');
    expect(await deactivateOperator(api.ds, 'nobody@platform.example', now)).toBe('unknown');
    expect(await addOperator(api.ds, email, 'Second Line', now)).toBe('reactivated');
    expect(await ask()).toBeUndefined();

    const events = (await api.owner.query(
      `select e.action from operator_event e join operator o on o.id = e.operator_id
        where o.email = $1 order by e.occurred_at, e.action`,
      [email],
    )) as { action: string }[];
    expect(events.map((e) => e.action).sort()).toEqual([
      'operator-added',
      'operator-deactivated',
      'operator-reactivated',
    ]);
  });

  async function tenantRowCounts(): Promise<Record<string, number>> {
    const tables = (await api.owner.query(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and c.relrowsecurity order by 1`,
    )) as { name: string }[];
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const [row] = await api.owner.query(`select count(*)::int as n from ${name}`);
      counts[name] = row.n;
    }
    return counts;
  }

  function argsFor(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    for (const arg of field.args) {
      if (isNonNullType(arg.type)) args[arg.name] = valueFor(arg.type, arg.name);
    }
    return args;
  }

  /** A minimal value of the type; ids are real ids of the council's case data. */
  function valueFor(type: GraphQLInputType, name: string): unknown {
    if (isNonNullType(type)) return valueFor(type.ofType, name);
    if (isListType(type)) return [valueFor(type.ofType, name)];
    if (isEnumType(type)) return type.getValues()[0]!.name;
    if (isInputObjectType(type)) {
      const out: Record<string, unknown> = {};
      for (const f of Object.values(type.getFields())) {
        if (isNonNullType(f.type)) out[f.name] = valueFor(f.type, f.name);
      }
      return out;
    }
    switch (type.name) {
      case 'ID':
        return /customer/i.test(name)
          ? customerId
          : /case/i.test(name) || name === 'id'
            ? caseId
            : randomUUID();
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'DateTimeISO':
      case 'DateTime':
        return new Date().toISOString();
      default:
        return 'x';
    }
  }

  function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
    const required = field.args.filter((a) => isNonNullType(a.type));
    const vars = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
    const named = getNamedType(field.type);
    const selection = isLeafType(named) ? '' : ` { ${leafSelection(named as GraphQLObjectType)} }`;
    return `${kind}${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  }

  /** Every leaf field one level down (and __typename), so a leak would show in the body. */
  function leafSelection(type: GraphQLObjectType): string {
    if (!('getFields' in type)) return '__typename';
    const leaves = Object.values(type.getFields())
      .filter(
        (f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)),
      )
      .map((f) => f.name);
    return ['__typename', ...leaves].join(' ');
  }
});
