import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { TenantEntityManager } from '../tenant-scope';

/** One recorded head of a council's chain, signed with a key the database does not hold. */
export interface AuditAnchor {
  tenantId: string;
  seq: number;
  hash: string;
  anchoredAt: Date;
  mac: string;
}

function macOf(key: string, a: Omit<AuditAnchor, 'mac'>): string {
  return createHmac('sha256', key)
    .update(`${a.tenantId}:${a.seq}:${a.hash}:${a.anchoredAt.toISOString()}`)
    .digest('hex');
}

function macMatches(key: string, a: AuditAnchor): boolean {
  const expected = Buffer.from(macOf(key, a), 'hex');
  const given = Buffer.from(a.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Records the council's chain head (seq, hash) in `audit_anchor`, a platform
 * table outside the council's own, signed with `key`. `em` is a transaction
 * with the tenant set (the head is read behind RLS). Nothing is written when
 * the head has not moved since the last anchor. Returns the anchor, if new.
 */
export async function anchorAuditChain(
  em: TenantEntityManager,
  key: string,
  now: Date,
): Promise<AuditAnchor | null> {
  const [head] = (await em.query(
    `select seq, hash from audit_event where tenant_id = $1 order by seq desc limit 1`,
    [em.tenantId],
  )) as { seq: string; hash: string }[];
  if (!head) return null;
  const latest = await latestAnchor(em, em.tenantId);
  if (latest && latest.seq === Number(head.seq) && latest.hash === head.hash) return null;
  const anchor = {
    tenantId: em.tenantId,
    seq: Number(head.seq),
    hash: head.hash,
    anchoredAt: new Date(Math.floor(now.getTime())),
  };
  const mac = macOf(key, anchor);
  await em.query(
    `insert into audit_anchor (anchor_tenant_id, seq, hash, anchored_at, mac) values ($1, $2, $3, $4, $5)`,
    [anchor.tenantId, anchor.seq, anchor.hash, anchor.anchoredAt, mac],
  );
  return { ...anchor, mac };
}

type AnchorRow = { seq: string; hash: string; anchored_at: Date; mac: string };
const toAnchor = (tenantId: string, r: AnchorRow): AuditAnchor => ({
  tenantId,
  seq: Number(r.seq),
  hash: r.hash,
  anchoredAt: r.anchored_at,
  mac: r.mac,
});

export async function latestAnchor(
  em: EntityManager,
  tenantId: string,
): Promise<AuditAnchor | null> {
  const [row] = (await em.query(
    `select seq, hash, anchored_at, mac from audit_anchor where anchor_tenant_id = $1 order by seq desc, id desc limit 1`,
    [tenantId],
  )) as AnchorRow[];
  return row ? toAnchor(tenantId, row) : null;
}

/** Every anchor of a council, oldest first. */
export async function anchorsOf(em: EntityManager, tenantId: string): Promise<AuditAnchor[]> {
  const rows = (await em.query(
    `select seq, hash, anchored_at, mac from audit_anchor where anchor_tenant_id = $1 order by seq, id`,
    [tenantId],
  )) as AnchorRow[];
  return rows.map((r) => toAnchor(tenantId, r));
}

export type AnchorFinding =
  | { kind: 'forged-anchor'; seq: number }
  | { kind: 'truncated'; seq: number }
  | { kind: 'rewritten'; seq: number; anchoredSeq: number };

/**
 * Holds a verified chain to its anchors. `heads` maps each anchored seq to the
 * hash the chain now has there; `checked` is how many events verified.
 * - an anchor whose MAC fails was not written by the worker: `forged-anchor`;
 * - an anchor beyond the chain's end: the tail from `checked + 1` is missing;
 * - an anchor whose hash differs: the chain was rewritten after the previous
 *   matching anchor (`seq` is the first event that may have changed).
 */
export function checkAnchors(
  anchors: AuditAnchor[],
  key: string,
  checked: number,
  heads: Map<number, string>,
): AnchorFinding | null {
  let lastGood = 0;
  for (const a of anchors) {
    if (!macMatches(key, a)) return { kind: 'forged-anchor', seq: a.seq };
    if (a.seq > checked) return { kind: 'truncated', seq: checked + 1 };
    if (heads.get(a.seq) !== a.hash)
      return { kind: 'rewritten', seq: lastGood + 1, anchoredSeq: a.seq };
    lastGood = a.seq;
  }
  return null;
}
