import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { z } from 'zod';
import {
  CheckAttestation,
  Contact,
  Customer,
  Decision,
  ManagedCase,
  Restriction,
  type TenantEntityManager,
} from '@conduct/db';
import type { RequestContext } from '../request/context';
import { accessibleWhere } from '../authorization/accessible-where';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { customerNodeOf, toCustomerNode } from '../customers/customer.service';
import { CustomerNode } from '../customers/customer.type';
import { Connection, decodeCursor, pageSize, toConnection } from '../graphql/connection';
import { loaderFor, rowsByParent } from '../request/loaders';
import { SqlParams, columnsOf, jsonObjectOf, prepared, reviveRows } from '../graphql/read-rows';
import { selectedFields, selects } from '../graphql/selection';
import { parseInput } from '../graphql/validated-input';
import { CaseFilter, OpenCaseInput, caseFilterSchema, openCaseSchema } from './case.inputs';
import { toRestrictionNode } from './restriction-node';
import { toContactNode } from './contact-node';
import { caseNodeOf, loadCase, openCase, toCaseNode } from './case.service';
import {
  CaseNode,
  CheckAttestationNode,
  ContactNode,
  DecisionNode,
  RestrictionNode,
} from './case.type';

const CaseConnection = Connection(CaseNode, 'Case');
type CaseConnection = InstanceType<typeof CaseConnection>;
const uuid = z.uuid();
const byCaseId = (r: { caseId: string | null }) => r.caseId;

/** Customers by id for one request: one statement for a page of cases, or none when primed. */
function customerLoader(ctx: RequestContext) {
  const { em } = sessionOf(ctx);
  return loaderFor<Customer | undefined>(
    ctx,
    'customer-by-id',
    async (ids) =>
      new Map(
        (
          (await em.query(
            `select ${columnsOf(em, Customer, 'x')} from customer x
              where x.tenant_id = $1 and x.id = any($2::uuid[])`,
            [em.tenantId, ids],
          )) as Customer[]
        ).map((x) => [x.id, x]),
      ),
    () => undefined,
  );
}

/**
 * The lists a case shows: where their rows are, their order, and the node
 * fields named differently from the column they come from.
 */
const CASE_LISTS = {
  contacts: { entity: Contact, table: 'contact', order: 'occurred_at', renamed: {} },
  decisions: { entity: Decision, table: 'decision', order: 'decided_at', renamed: {} },
  restrictions: {
    entity: Restriction,
    table: 'restriction',
    order: 'starts_at',
    renamed: { parametersJson: 'parameters' },
  },
} as const satisfies Record<
  string,
  { entity: EntityTarget<ObjectLiteral>; table: string; order: string; renamed: object }
>;
type CaseList = keyof typeof CASE_LISTS;

/** A case list's rows for many cases, one statement per request, or none when primed by the page. */
function caseListLoader<R extends { caseId: string | null }>(ctx: RequestContext, list: CaseList) {
  const { em } = sessionOf(ctx);
  const { entity, table, order } = CASE_LISTS[list];
  return rowsByParent<R>(
    ctx,
    `${list}-by-case`,
    (ids) =>
      em.query(
        `select ${columnsOf(em, entity, 'x')} from ${table} x
          where x.tenant_id = $1 and x.case_id = any($2::uuid[]) order by x.${order}`,
        [em.tenantId, ids],
      ) as Promise<R[]>,
    byCaseId,
  );
}

/** The case columns a case node is made of (`caseNodeOf`); the wide ones stay in the table. */
const CASE_NODE_PROPERTIES = [
  'id',
  'reference',
  'customerId',
  'policyVersionId',
  'stage',
  'status',
  'serviceAreas',
  'linkedReferences',
  'legalHold',
  'openedAt',
  'stageEnteredAt',
  'reviewDueAt',
  'closedAt',
  'version',
];

/**
 * The columns behind each case field a list page can answer from its own
 * statement. Every page reads the id, the cursor's time and the two ids a node
 * carries; a field outside this list has its own resolver, which may read any
 * property of the node, so the page then reads them all.
 */
const CASE_FIELD_PROPERTIES: Record<string, string[]> = {
  __typename: [],
  id: [],
  reference: ['reference'],
  stage: ['stage'],
  stageLabel: ['stage'],
  status: ['status'],
  serviceAreas: ['serviceAreas'],
  linkedReferences: ['linkedReferences'],
  legalHold: ['legalHold'],
  openedAt: [],
  stageEnteredAt: ['stageEnteredAt'],
  reviewDueAt: ['reviewDueAt'],
  closedAt: ['closedAt'],
  policyVersion: [],
  version: ['version'],
  customer: [],
  contacts: [],
  decisions: [],
  restrictions: [],
};

function casePropertiesFor(selected: Set<string>): string[] {
  const properties = new Set(['id', 'openedAt', 'customerId', 'policyVersionId']);
  for (const field of selected) {
    const behind = CASE_FIELD_PROPERTIES[field];
    if (!behind) return CASE_NODE_PROPERTIES;
    for (const p of behind) properties.add(p);
  }
  return CASE_NODE_PROPERTIES.filter((p) => properties.has(p));
}

/**
 * The entity properties behind the selected fields of a node, or undefined
 * (every column) when a field is not a column: it has its own resolver, which
 * may read any property of the row, as the loaders give it.
 */
function propertiesFor(
  em: TenantEntityManager,
  entity: EntityTarget<ObjectLiteral>,
  selected: Set<string>,
  renamed: Record<string, string> = {},
): string[] | undefined {
  const columns = em.connection.getMetadata(entity).columns.map((c) => c.propertyName);
  const properties = new Set(['id']);
  for (const field of selected) {
    if (field === '__typename') continue;
    const property = renamed[field] ?? field;
    if (!columns.includes(property)) return undefined;
    properties.add(property);
  }
  return [...properties].sort();
}

@Resolver(() => CaseNode)
export class CaseResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => CaseNode, { description: 'One case of your council.' })
  async case(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<CaseNode> {
    return toCaseNode(ctx, await loadCase(ctx, parseInput(uuid, id, 'id')));
  }

  @Authorized(Permission.ReadCases)
  @Query(() => CaseConnection, { description: 'Cases of your council, newest first.' })
  async cases(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => CaseFilter, { nullable: true }) filter: CaseFilter | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CaseConnection> {
    const f = parseInput(caseFilterSchema, { ...(filter ?? {}) }, 'filter');
    const limit = parseInput(pageSize, first, 'first');
    const cursor = decodeCursor(after);
    const { em } = sessionOf(ctx);
    // Hand-written SQL and plain rows: a read path needs values, not hydrated entities.
    const p = new SqlParams();
    const conds = [p.named(accessibleWhere(ctx.ability, 'read', 'Case', 'c'))];
    if (f.stage) conds.push(`c.stage = ${p.add(f.stage)}`);
    if (f.status) conds.push(`c.status = ${p.add(f.status)}`);
    if (f.reviewDueBefore) conds.push(`c.review_due_at < ${p.add(f.reviewDueBefore)}`);
    if (f.customerId) conds.push(`c.customer_id = ${p.add(f.customerId)}`);
    const filtered = conds.join(' and ');
    const countParams = [...p.values];
    if (cursor) conds.push(`(c.opened_at, c.id) < (${p.add(cursor.at)}, ${p.add(cursor.id)})`);
    // One statement for the page: the customer and the lists of each case the
    // operation selects come with it as JSON, with only the columns their fields need.
    const node = ['edges', 'node'];
    const withCustomer = selects(info, [...node, 'customer']);
    const lists = (Object.keys(CASE_LISTS) as CaseList[]).filter((k) =>
      selects(info, [...node, k]),
    );
    const related = [
      ...(withCustomer
        ? [
            `${jsonObjectOf(em, Customer, 'cu', propertiesFor(em, Customer, selectedFields(info, [...node, 'customer'])))} as "customer"`,
          ]
        : []),
      ...lists.map((k) => {
        const { entity, table, order, renamed } = CASE_LISTS[k];
        const properties = propertiesFor(em, entity, selectedFields(info, [...node, k]), renamed);
        return `(select coalesce(json_agg(${jsonObjectOf(em, entity, 'x', properties)} order by x.${order}), '[]')
                   from ${table} x where x.tenant_id = c.tenant_id and x.case_id = c.id) as "${k}"`;
      }),
    ];
    const caseProperties = casePropertiesFor(selectedFields(info, node));
    const rows = (await em.query(
      prepared(`select ${columnsOf(em, ManagedCase, 'c', '', caseProperties)}
              ${related.map((r) => `, ${r}`).join('')}
         from managed_case c
         ${withCustomer ? 'join customer cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id' : ''}
        where ${conds.join(' and ')}
        order by c.opened_at desc, c.id desc
        limit ${p.add(limit + 1)}`),
      p.values,
    )) as (ManagedCase & Record<string, unknown>)[];
    // One policy look-up per version on the page, then every node at once.
    const pinned = new Map(
      await Promise.all(
        [...new Set(rows.map((r) => r.policyVersionId))].map(
          async (id) => [id, await ctx.services.policies.pinned(em, id)] as const,
        ),
      ),
    );
    const mayReadSafeguarding = ctx.ability.can('read', 'SafeguardingDetails');
    return toConnection(
      rows,
      limit,
      async () =>
        (
          (await em.query(
            `select count(*)::int as n from managed_case c where ${filtered}`,
            countParams,
          )) as { n: number }[]
        )[0]!.n,
      (c) => ({ at: c.openedAt, id: c.id }),
      (row) => {
        // The related rows ride on the node, whose field resolvers then answer at once.
        const preloaded: CaseNode['preloaded'] = {};
        if (withCustomer)
          preloaded.customer = customerNodeOf(
            reviveRows(em, Customer, [row.customer as Record<string, unknown>])[0]!,
            mayReadSafeguarding,
          );
        for (const k of lists)
          (preloaded as Record<CaseList, unknown>)[k] = reviveRows(
            em,
            CASE_LISTS[k].entity,
            row[k] as Record<string, unknown>[],
          );
        // An instance of the node type: type-graphql copies any other root into one per field resolver.
        return Object.assign(new CaseNode(), caseNodeOf(row, pinned.get(row.policyVersionId)!), {
          preloaded,
        });
      },
    );
  }

  @FieldResolver(() => CustomerNode, { description: 'The customer the case is about.' })
  customer(@Ctx() ctx: RequestContext, @Root() c: CaseNode): CustomerNode | Promise<CustomerNode> {
    const preloaded = c.preloaded?.customer;
    if (preloaded) return preloaded;
    return customerLoader(ctx)
      .load(c.customerId)
      .then((x) => toCustomerNode(ctx, x!));
  }

  @FieldResolver(() => [ContactNode], { description: 'Contacts logged on the case, oldest first.' })
  contacts(
    @Ctx() ctx: RequestContext,
    @Root() c: CaseNode,
  ): ContactNode[] | Promise<ContactNode[]> {
    // A preloaded row holds the selected properties only, named as the node's fields.
    const preloaded = c.preloaded?.contacts;
    if (preloaded) return preloaded;
    return caseListLoader<Contact>(ctx, 'contacts')
      .load(c.id)
      .then((rows) => rows.map(toContactNode));
  }

  @FieldResolver(() => [DecisionNode], { description: 'Decisions on the case, oldest first.' })
  decisions(
    @Ctx() ctx: RequestContext,
    @Root() c: CaseNode,
  ): DecisionNode[] | Promise<DecisionNode[]> {
    return c.preloaded?.decisions ?? caseListLoader<Decision>(ctx, 'decisions').load(c.id);
  }

  @FieldResolver(() => [RestrictionNode], {
    description: 'Restrictions on the case, in force or past.',
  })
  restrictions(
    @Ctx() ctx: RequestContext,
    @Root() c: CaseNode,
  ): RestrictionNode[] | Promise<RestrictionNode[]> {
    const preloaded = c.preloaded?.restrictions;
    if (preloaded) return preloaded.map(toRestrictionNode);
    return caseListLoader<Restriction>(ctx, 'restrictions')
      .load(c.id)
      .then((rows) => rows.map(toRestrictionNode));
  }

  @FieldResolver(() => [CheckAttestationNode], {
    description: 'Pre-action checks attested on the case.',
  })
  async checks(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<CheckAttestationNode[]> {
    const { em } = sessionOf(ctx);
    return rowsByParent(
      ctx,
      'checks-by-case',
      (ids) =>
        em.query(
          `select ${columnsOf(em, CheckAttestation, 'x')} from check_attestation x
            where x.tenant_id = $1 and x.case_id = any($2::uuid[]) order by x.attested_at`,
          [em.tenantId, ids],
        ) as Promise<CheckAttestation[]>,
      byCaseId,
    ).load(c.id);
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CaseNode, {
    description: 'Opens a case about a customer at the policy’s first stage.',
  })
  async openCase(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: OpenCaseInput,
  ): Promise<CaseNode> {
    return toCaseNode(ctx, await openCase(ctx, parseInput(openCaseSchema, { ...input })));
  }
}
