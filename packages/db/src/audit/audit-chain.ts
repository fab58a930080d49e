import { createHash, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EntityManager } from 'typeorm';
import { AuditEvent } from '../entities/audit-event.entity';
import type { TenantEntityManager } from '../tenant-scope';
import { anchorsOf, checkAnchors, type AuditAnchor } from './audit-anchor';

/**
 * The table's anchors and those exported to write-once storage, by seq:
 * an exported anchor whose row was deleted still holds the chain to its head.
 */
function withExported(table: AuditAnchor[], exported: AuditAnchor[]): AuditAnchor[] {
  const key = (a: AuditAnchor) => `${a.seq}:${a.hash}:${a.anchoredAt.toISOString()}`;
  const all = new Map([...table, ...exported].map((a) => [key(a), a]));
  return [...all.values()].sort((a, b) => a.seq - b.seq);
}

export interface AuditInput {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  caseId?: string | null;
  /** Ids, field names, codes: never a personal value, so purges never touch the chain. */
  payload?: Record<string, unknown>;
  occurredAt: Date;
}

const GENESIS = '0'.repeat(64);

function linkHash(prevHash: string, e: Omit<AuditEvent, 'prevHash' | 'hash'>): string {
  const body = canonicalize({
    tenantId: e.tenantId,
    seq: e.seq,
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    caseId: e.caseId,
    payload: e.payload,
  });
  return createHash('sha256')
    .update(prevHash)
    .update(body ?? '')
    .digest('hex');
}

/**
 * Appends one event to the tenant's chain inside the caller's transaction, so the
 * event commits or rolls back with the change it records. A transaction-scoped
 * advisory lock serialises writers of one tenant; other tenants are not blocked.
 */
export function appendAuditEvent(em: TenantEntityManager, input: AuditInput): Promise<AuditEvent> {
  // Field resolvers of one request share its transaction and run concurrently:
  // the advisory lock does not separate them (same session), so their appends
  // are queued here, or two would read the same head and take the same seq.
  const key = em.queryRunner ?? em;
  const run = (appending.get(key) ?? Promise.resolve()).then(() => appendNow(em, input));
  appending.set(
    key,
    run.catch(() => undefined),
  );
  return run;
}

const appending = new WeakMap<object, Promise<unknown>>();

async function appendNow(em: TenantEntityManager, input: AuditInput): Promise<AuditEvent> {
  const tenantId = em.tenantId;
  await em.query(`select pg_advisory_xact_lock(hashtextextended('audit:' || $1, 0))`, [tenantId]);
  const [last] = (await em.query(
    `select seq, hash from audit_event where tenant_id = $1 order by seq desc limit 1`,
    [tenantId],
  )) as { seq: string; hash: string }[];
  const event = {
    tenantId,
    seq: last ? Number(last.seq) + 1 : 1,
    id: randomUUID(),
    occurredAt: new Date(Math.floor(input.occurredAt.getTime())),
    actorId: input.actorId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    caseId: input.caseId ?? null,
    payload: input.payload ?? {},
  };
  const prevHash = last?.hash ?? GENESIS;
  const row = Object.assign(new AuditEvent(), event, { prevHash, hash: linkHash(prevHash, event) });
  await em.query(
    `insert into audit_event (tenant_id, seq, id, occurred_at, actor_id, action, entity_type, entity_id, case_id, payload, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      row.tenantId,
      row.seq,
      row.id,
      row.occurredAt,
      row.actorId,
      row.action,
      row.entityType,
      row.entityId,
      row.caseId,
      row.payload,
      row.prevHash,
      row.hash,
    ],
  );
  return row;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  firstBrokenEventId: string | null;
  firstBrokenSeq: number | null;
  /**
   * What broke: `altered` (an event's own hash or link), `truncated` (events
   * from `firstBrokenSeq` on are missing: an anchor names a later head),
   * `rewritten` (hashes recomputed forward from at most `firstBrokenSeq`),
   * `forged-anchor`; null when ok.
   */
  problem: 'altered' | 'truncated' | 'rewritten' | 'forged-anchor' | null;
}

/**
 * Re-computes the tenant's chain in seq order, streaming in pages. An edited
 * row breaks its own hash; a deleted or reordered one breaks the next link or
 * leaves a gap in seq. With `anchorKey`, the chain is then held to the heads
 * the worker anchored outside the council's table: a missing tail (the last
 * rows, or all of them, deleted) or a forward rewrite (an edit with every later
 * hash recomputed) is reported with its position. `exported` adds the anchors
 * read back from the write-once sink, for a superuser who also deleted anchor rows.
 */
export async function verifyAuditChain(
  em: EntityManager,
  tenantId: string,
  pageSize = 5000,
  anchorKey?: string,
  exported: AuditAnchor[] = [],
): Promise<ChainVerdict> {
  const anchors = anchorKey ? withExported(await anchorsOf(em, tenantId), exported) : [];
  const anchoredSeqs = new Set(anchors.map((a) => a.seq));
  const heads = new Map<number, string>();
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const page = await em
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.tenant_id = :tenantId and e.seq >= :from', { tenantId, from: expectedSeq })
      .orderBy('e.seq', 'ASC')
      .limit(pageSize)
      .getMany();
    for (const e of page) {
      const intact =
        e.seq === expectedSeq && e.prevHash === prevHash && linkHash(prevHash, e) === e.hash;
      if (!intact)
        return {
          ok: false,
          checked,
          firstBrokenEventId: e.id,
          firstBrokenSeq: e.seq,
          problem: 'altered',
        };
      if (anchoredSeqs.has(e.seq)) heads.set(e.seq, e.hash);
      prevHash = e.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (page.length < pageSize) break;
  }
  const finding = anchorKey ? checkAnchors(anchors, anchorKey, checked, heads) : null;
  if (!finding)
    return { ok: true, checked, firstBrokenEventId: null, firstBrokenSeq: null, problem: null };
  const [broken] = (await em.query(`select id from audit_event where tenant_id = $1 and seq = $2`, [
    tenantId,
    finding.seq,
  ])) as { id: string }[];
  return {
    ok: false,
    checked,
    firstBrokenEventId: broken?.id ?? null,
    firstBrokenSeq: finding.seq,
    problem: finding.kind,
  };
}
