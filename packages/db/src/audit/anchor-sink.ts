import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { AuditAnchor } from './audit-anchor';

/**
 * Where anchors are exported besides the `audit_anchor` table, so that a
 * database superuser who deletes audit rows and anchor rows alike is still
 * caught. In production this is write-once storage (S3 Object Lock in
 * compliance mode; see infra/README.md); the file sink is its local form.
 */
export interface AnchorSink {
  /** Called inside the anchoring transaction: if it throws, the anchor is not recorded and the next sweep tries again. */
  write(anchor: AuditAnchor): Promise<void>;
}

/**
 * Appends one JSON line per anchor to a file opened O_APPEND (never
 * truncated or rewritten by Conduct); each line is flushed to disk before the
 * anchor is recorded. Point it at an append-only or WORM mount.
 */
export class FileAnchorSink implements AnchorSink {
  constructor(readonly path: string) {}

  async write(anchor: AuditAnchor): Promise<void> {
    const file = await open(
      this.path,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
      0o640,
    );
    try {
      await file.write(
        `${JSON.stringify({ ...anchor, anchoredAt: anchor.anchoredAt.toISOString() })}\n`,
      );
      await file.datasync();
    } finally {
      await file.close();
    }
  }
}

/** The anchors exported to a file sink, for one council (a missing file has none). */
export async function readExportedAnchors(path: string, tenantId: string): Promise<AuditAnchor[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AuditAnchor & { anchoredAt: string })
    .filter((a) => a.tenantId === tenantId)
    .map((a) => ({ ...a, anchoredAt: new Date(a.anchoredAt) }));
}
