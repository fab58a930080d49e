import {
  Contact,
  Customer,
  Decision,
  Restriction,
  type TenantEntityManager,
  prepared,
} from '@conduct/db';
import type { RequestContext } from '../request/context';
import { sessionOf } from '../casework/session';
import { customerNodeOf } from '../customers/customer.service';
import type { CustomerNode } from '../customers/customer.type';
import { jsonObjectOf, reviveRows } from '../graphql/read-rows';
import type { ContactNode, DecisionNode, RestrictionNode } from './case.type';
import { toRestrictionNode } from './restriction-node';

/**
 * The lists a case shows: where their rows are, their order, and the node
 * fields named differently from the column they come from.
 */
export const CASE_LISTS = {
  contacts: { entity: Contact, table: 'contact', order: 'occurred_at', renamed: {} },
  decisions: { entity: Decision, table: 'decision', order: 'decided_at', renamed: {} },
  restrictions: {
    entity: Restriction,
    table: 'restriction',
    order: 'starts_at',
    renamed: { parametersJson: 'parameters' },
  },
} as const;
export type CaseList = keyof typeof CASE_LISTS;
export const CASE_LIST_KEYS = Object.keys(CASE_LISTS) as CaseList[];

/** A case's customer and lists, as its node's fields show them. */
export interface CaseRelated {
  customer: CustomerNode;
  contacts: ContactNode[];
  decisions: DecisionNode[];
  restrictions: RestrictionNode[];
}

/** The entity properties a selection reads, or `every` column (a field has its own resolver). */
export type SelectedProperties = readonly string[] | 'every';

/** The relations an operation selects on a case (absent: not selected), with what each reads. */
export type CaseRelationSelection = Partial<Record<keyof CaseRelated, SelectedProperties>>;

const listed = (p: SelectedProperties) => (p === 'every' ? undefined : p);

/**
 * The select-list items that read a case's selected relations as JSON, with
 * the case as `c` (and, when its customer is selected, the customer as `cu`:
 * see `customerJoin`): related rows come in the case's own statement.
 */
export function relatedColumns(
  em: TenantEntityManager,
  selection: CaseRelationSelection,
): string[] {
  const columns: string[] = [];
  if (selection.customer)
    columns.push(`${jsonObjectOf(em, Customer, 'cu', listed(selection.customer))} as "customer"`);
  for (const k of CASE_LIST_KEYS) {
    const properties = selection[k];
    if (!properties) continue;
    const { entity, table, order } = CASE_LISTS[k];
    columns.push(`(select coalesce(json_agg(${jsonObjectOf(em, entity, 'x', listed(properties))} order by x.${order}), '[]')
                     from ${table} x where x.tenant_id = c.tenant_id and x.case_id = c.id) as "${k}"`);
  }
  return columns;
}

/** The join `relatedColumns` reads the customer through, when it is selected. */
export function customerJoin(selection: CaseRelationSelection): string {
  return selection.customer
    ? 'join customer cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id'
    : '';
}

type JsonRow = Record<string, unknown>;

/** The selected relations of a case from its row, read with `relatedColumns`. */
export function relatedOf(
  em: TenantEntityManager,
  selection: CaseRelationSelection,
  row: Record<string, unknown>,
  mayReadSafeguarding: boolean,
): Partial<CaseRelated> {
  const related: Partial<CaseRelated> = {};
  if (selection.customer)
    related.customer = customerNodeOf(
      reviveRows(em, Customer, [row.customer as JsonRow])[0]!,
      mayReadSafeguarding,
    );
  // A list's rows hold the selected properties, named as the node's fields.
  if (selection.contacts) related.contacts = reviveRows(em, Contact, row.contacts as JsonRow[]);
  if (selection.decisions) related.decisions = reviveRows(em, Decision, row.decisions as JsonRow[]);
  if (selection.restrictions)
    related.restrictions = reviveRows(em, Restriction, row.restrictions as JsonRow[]).map(
      toRestrictionNode,
    );
  return related;
}

/** The selected relations of one case: one statement, or none when nothing is selected. */
export async function readRelated(
  ctx: RequestContext,
  caseId: string,
  selection: CaseRelationSelection,
): Promise<Partial<CaseRelated>> {
  const { em } = sessionOf(ctx);
  const columns = relatedColumns(em, selection);
  if (!columns.length) return {};
  const [row] = (await em.query(
    prepared(`select ${columns.join(', ')} from managed_case c ${customerJoin(selection)}
               where c.tenant_id = $1 and c.id = $2`),
    [em.tenantId, caseId],
  )) as JsonRow[];
  return relatedOf(em, selection, row!, ctx.ability.can('read', 'SafeguardingDetails'));
}
