import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { CustomerCharacteristic } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { audit, sessionOf } from '../casework/session';
import { loadCustomer } from '../customers/customer.service';
import { equalityReaders, loadSettings } from '../documents/settings.service';
import { forbidden } from '../graphql/errors';
import { parseInput } from '../graphql/validated-input';
import { disclose } from './disclosure';
import {
  CustomerCharacteristicNode,
  EqualityReport,
  type EqualityRow,
  ProtectedCharacteristic,
} from './equality.type';

const id = z.uuid();
const characteristic = z.enum(ProtectedCharacteristic);
const value = z.string().trim().min(1).max(100).nullable();

/** Special-category data: only the roles the council names (default: its safeguarding readers). */
async function requireEqualityReader(ctx: RequestContext): Promise<void> {
  const s = sessionOf(ctx);
  const readers = equalityReaders(await loadSettings(s.em), s.policy);
  if (!s.user.roles.some((r) => readers.includes(r)))
    throw forbidden('Protected characteristics are readable only by the roles your council names');
}

const row = (v: string, customers: number, restricted: number): EqualityRow => {
  const c = disclose(customers);
  const r = disclose(restricted);
  return { value: v, customers: c, restricted: r, suppressed: c === null || r === null };
};

@Resolver()
export class EqualityResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => [CustomerCharacteristicNode], {
    description: 'A customer’s protected characteristics (only for the roles the council names).',
  })
  async protectedCharacteristics(
    @Ctx() ctx: RequestContext,
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
  ): Promise<CustomerCharacteristicNode[]> {
    const cid = parseInput(id, customerId, 'customerId');
    await requireEqualityReader(ctx);
    const customer = await loadCustomer(ctx, cid);
    const { em } = sessionOf(ctx);
    const rows = await em.find(CustomerCharacteristic, {
      where: { tenantId: em.tenantId, customerId: customer.id },
      order: { characteristic: 'ASC' },
    });
    return rows.map((r) => ({
      characteristic: r.characteristic as ProtectedCharacteristic,
      value: r.value,
      recordedAt: r.recordedAt,
    }));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => Boolean, {
    description:
      'Records (or, with a null value, removes) a protected characteristic the customer chose to give. Optional; only for the roles the council names.',
  })
  async recordProtectedCharacteristic(
    @Ctx() ctx: RequestContext,
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('characteristic', () => ProtectedCharacteristic, { description: 'Which characteristic.' })
    which: ProtectedCharacteristic,
    @Arg('value', () => String, { nullable: true, description: 'The category; null removes it.' })
    given: string | null,
  ): Promise<boolean> {
    const cid = parseInput(id, customerId, 'customerId');
    const key = parseInput(characteristic, which, 'characteristic');
    const v = parseInput(value, given, 'value');
    await requireEqualityReader(ctx);
    const customer = await loadCustomer(ctx, cid);
    const { em, user } = sessionOf(ctx);
    if (v === null) {
      await em.delete(CustomerCharacteristic, {
        tenantId: em.tenantId,
        customerId: customer.id,
        characteristic: key,
      });
    } else {
      await em.query(
        `insert into customer_characteristic (tenant_id, customer_id, characteristic, value, recorded_by, recorded_at)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, customer_id, characteristic)
         do update set value = excluded.value, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
        [em.tenantId, customer.id, key, v, user.id, ctx.services.clock.now()],
      );
    }
    await audit(ctx, {
      action: v === null ? 'protected-characteristic.removed' : 'protected-characteristic.recorded',
      entityType: 'customer',
      entityId: customer.id,
      payload: { characteristic: key },
    });
    return true;
  }

  @Authorized(Permission.ReadCases)
  @Query(() => EqualityReport, {
    description:
      'Equality monitoring: customers with restrictions in force by a protected characteristic, against the customer base; under 5 suppressed, the rest rounded to 5.',
  })
  async equalityReport(
    @Ctx() ctx: RequestContext,
    @Arg('characteristic', () => ProtectedCharacteristic, { description: 'Which characteristic.' })
    which: ProtectedCharacteristic,
  ): Promise<EqualityReport> {
    const key = parseInput(characteristic, which, 'characteristic');
    await requireEqualityReader(ctx);
    const { em } = sessionOf(ctx);
    const now = ctx.services.clock.now();
    const rows = (await em.query(
      `with base as (
         select cu.id,
                exists (select 1 from restriction r join managed_case c on c.tenant_id = r.tenant_id and c.id = r.case_id
                         where r.tenant_id = cu.tenant_id and c.customer_id = cu.id and c.status <> 'purged'
                           and r.status = 'active' and r.starts_at <= $3 and (r.ends_at is null or r.ends_at > $3)) as restricted,
                ch.value
           from customer cu
           left join customer_characteristic ch
             on ch.tenant_id = cu.tenant_id and ch.customer_id = cu.id and ch.characteristic = $2
          where cu.tenant_id = $1 and cu.purged_at is null)
       select value, count(*)::int as customers, count(*) filter (where restricted)::int as restricted
         from base group by value order by value nulls last`,
      [em.tenantId, key, now],
    )) as { value: string | null; customers: number; restricted: number }[];
    const recorded = rows.filter((r) => r.value !== null);
    const missing = rows.find((r) => r.value === null) ?? { customers: 0, restricted: 0 };
    await audit(ctx, {
      action: 'equality-report.generated',
      entityType: 'equality_report',
      payload: { characteristic: key },
    });
    return {
      characteristic: key,
      rows: recorded.map((r) => row(r.value!, r.customers, r.restricted)),
      notRecorded: row('not recorded', missing.customers, missing.restricted),
      totalCustomers: disclose(rows.reduce((n, r) => n + r.customers, 0)),
      totalRestricted: disclose(rows.reduce((n, r) => n + r.restricted, 0)),
      generatedAt: now,
    };
  }
}
