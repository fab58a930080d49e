import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { Customer } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { accessibleWhere } from '../authorization/accessible-where';
import { sessionOf } from '../casework/session';
import { Connection, decodeCursor, pageSize, toConnection } from '../graphql/connection';
import { parseInput } from '../graphql/validated-input';
import {
  CreateCustomerInput,
  UpdateCustomerInput,
  createCustomerSchema,
  updateCustomerSchema,
} from './customer.inputs';
import { createCustomer, loadCustomer, toCustomerNode, updateCustomer } from './customer.service';
import { CustomerNode } from './customer.type';

const CustomerConnection = Connection(CustomerNode, 'Customer');
type CustomerConnection = InstanceType<typeof CustomerConnection>;
const id = z.uuid();

@Resolver()
export class CustomerResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => CustomerNode, { description: 'One customer of your council.' })
  async customer(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) customerId: string,
  ): Promise<CustomerNode> {
    return toCustomerNode(ctx, await loadCustomer(ctx, parseInput(id, customerId, 'id')));
  }

  @Authorized(Permission.ReadCases)
  @Query(() => CustomerConnection, {
    description: 'Customers of your council, newest first; optionally by name.',
  })
  async customers(
    @Ctx() ctx: RequestContext,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Part of a name, email or reference.',
    })
    search: string | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<CustomerConnection> {
    const limit = parseInput(pageSize, first, 'first');
    parseInput(z.string().nullish(), search, 'search');
    const cursor = decodeCursor(after);
    const { em } = sessionOf(ctx);
    const where = accessibleWhere(ctx.ability, 'read', 'Customer', 'c');
    const qb = em.createQueryBuilder(Customer, 'c').where(where.sql, where.params);
    if (search) {
      qb.andWhere('(c.full_name ilike :q or c.email ilike :q or c.reference ilike :q)', {
        q: `%${search.replace(/[%_\\]/g, '\\$&')}%`,
      });
    }
    // Counted only when totalCount is selected.
    const counting = qb.clone();
    if (cursor)
      qb.andWhere('(c.created_at, c.id) < (:at, :cid)', { at: cursor.at, cid: cursor.id });
    const rows = await qb
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return toConnection(
      rows,
      limit,
      () => counting.getCount(),
      (c) => ({ at: c.createdAt, id: c.id }),
      (c) => toCustomerNode(ctx, c),
    );
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CustomerNode, { description: 'Records a new customer.' })
  async createCustomer(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: CreateCustomerInput,
  ): Promise<CustomerNode> {
    return toCustomerNode(ctx, await createCustomer(ctx, parseInput(createCustomerSchema, input)));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CustomerNode, { description: 'Changes a customer’s details.' })
  async updateCustomer(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) customerId: string,
    @Arg('input') input: UpdateCustomerInput,
  ): Promise<CustomerNode> {
    const customer = await updateCustomer(
      ctx,
      parseInput(id, customerId, 'id'),
      parseInput(updateCustomerSchema, input),
    );
    return toCustomerNode(ctx, customer);
  }
}
