import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { In } from 'typeorm';
import { z } from 'zod';
import {
  CheckAttestation,
  Contact,
  Customer,
  Decision,
  ManagedCase,
  Restriction,
} from '@conduct/db';
import type { RequestContext } from '../context';
import { accessibleWhere } from '../authorization/accessible-where';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { attestCheck } from '../checks/check.service';
import { logContact, toContactNode } from '../contacts/contact.service';
import { toCustomerNode } from '../customers/customer.service';
import { CustomerNode } from '../customers/customer.type';
import { Connection, decodeCursor, pageSize, toConnection } from '../graphql/connection';
import { loaderFor, rowsByParent } from '../graphql/loaders';
import { parseInput } from '../graphql/validated-input';
import {
  AttestCheckInput,
  CaseFilter,
  LogContactInput,
  OpenCaseInput,
  attestCheckSchema,
  caseFilterSchema,
  logContactSchema,
  openCaseSchema,
} from './case.inputs';
import { toRestrictionNode } from './restriction-node';
import { loadCase, openCase, toCaseNode } from './case.service';
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
  ): Promise<CaseConnection> {
    const f = parseInput(caseFilterSchema, { ...(filter ?? {}) }, 'filter');
    const limit = parseInput(pageSize, first, 'first');
    const cursor = decodeCursor(after);
    const { em } = sessionOf(ctx);
    const where = accessibleWhere(ctx.ability, 'read', 'Case', 'c');
    const qb = em.createQueryBuilder(ManagedCase, 'c').where(where.sql, where.params);
    if (f.stage) qb.andWhere('c.stage = :stage', { stage: f.stage });
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.reviewDueBefore) qb.andWhere('c.review_due_at < :due', { due: f.reviewDueBefore });
    if (f.customerId) qb.andWhere('c.customer_id = :customerId', { customerId: f.customerId });
    const total = await qb.getCount();
    if (cursor) qb.andWhere('(c.opened_at, c.id) < (:at, :cid)', { at: cursor.at, cid: cursor.id });
    const rows = await qb
      .orderBy('c.opened_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const nodes = await Promise.all(rows.slice(0, limit).map((c) => toCaseNode(ctx, c)));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return toConnection(
      rows,
      limit,
      total,
      (c) => ({ at: c.openedAt, id: c.id }),
      (c) => byId.get(c.id)!,
    );
  }

  @FieldResolver(() => CustomerNode, { description: 'The customer the case is about.' })
  async customer(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<CustomerNode> {
    const { em } = sessionOf(ctx);
    const loader = loaderFor<Customer | undefined>(
      ctx,
      'customer-by-id',
      async (ids) =>
        new Map(
          (await em.find(Customer, { where: { tenantId: em.tenantId, id: In([...ids]) } })).map(
            (x) => [x.id, x],
          ),
        ),
      () => undefined,
    );
    return toCustomerNode(ctx, (await loader.load(c.customerId))!);
  }

  @FieldResolver(() => [ContactNode], { description: 'Contacts logged on the case, oldest first.' })
  async contacts(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<ContactNode[]> {
    const { em } = sessionOf(ctx);
    const rows = await rowsByParent(
      ctx,
      'contacts-by-case',
      (ids) =>
        em.find(Contact, {
          where: { tenantId: em.tenantId, caseId: In(ids) },
          order: { occurredAt: 'ASC' },
        }),
      byCaseId,
    ).load(c.id);
    return rows.map(toContactNode);
  }

  @FieldResolver(() => [DecisionNode], { description: 'Decisions on the case, oldest first.' })
  async decisions(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<DecisionNode[]> {
    const { em } = sessionOf(ctx);
    return rowsByParent(
      ctx,
      'decisions-by-case',
      (ids) =>
        em.find(Decision, {
          where: { tenantId: em.tenantId, caseId: In(ids) },
          order: { decidedAt: 'ASC' },
        }),
      byCaseId,
    ).load(c.id);
  }

  @FieldResolver(() => [RestrictionNode], {
    description: 'Restrictions on the case, in force or past.',
  })
  async restrictions(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<RestrictionNode[]> {
    const { em } = sessionOf(ctx);
    const rows = await rowsByParent(
      ctx,
      'restrictions-by-case',
      (ids) =>
        em.find(Restriction, {
          where: { tenantId: em.tenantId, caseId: In(ids) },
          order: { startsAt: 'ASC' },
        }),
      byCaseId,
    ).load(c.id);
    return rows.map(toRestrictionNode);
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
        em.find(CheckAttestation, {
          where: { tenantId: em.tenantId, caseId: In(ids) },
          order: { attestedAt: 'ASC' },
        }),
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

  @Authorized(Permission.WorkCases)
  @Mutation(() => ContactNode, {
    description: 'Logs a contact or incident; never refused because of restrictions.',
  })
  async logContact(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: LogContactInput,
  ): Promise<ContactNode> {
    return toContactNode(await logContact(ctx, parseInput(logContactSchema, { ...input })));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CheckAttestationNode, { description: 'Attests a pre-action check on a case.' })
  async attestCheck(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: AttestCheckInput,
  ): Promise<CheckAttestationNode> {
    return attestCheck(ctx, parseInput(attestCheckSchema, { ...input }));
  }
}
