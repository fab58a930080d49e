import type { DataSource } from 'typeorm';
import { purgeExpiredIdempotencyRecords, withTenant, type AnchorSink } from '@conduct/db';
import type { Logger } from '@conduct/config';
import { emailJob, expiryJob, purgeJob, reviewNotificationJob } from '@conduct/jobs';
import { DEV_AUDIT_ANCHOR_KEY, type Clock } from '@conduct/config';
import { listTenantIds, withTenantReadOnly } from '../db-helpers';
import { hasDueExpiry } from '../expiry/expiry';
import { anchorTenantChain } from '../maintenance/audit-anchor';
import {
  FILED_ESCALATION_JOB,
  filedEscalationJobId,
  hasDueFiledEscalation,
} from '../filed-correspondence/escalate';
import { findDueReviewNotices, hasUnsentEmail, type ReviewNotice } from '../notifications/notices';
import type { PolicyVersions } from '@conduct/casework';
import { hasDuePurge } from '@conduct/casework';
import type { Queues } from './queues';

export interface SweepDeps {
  ds: DataSource;
  clock: Clock;
  policies: PolicyVersions;
  queues: Queues;
  logger: Logger;
  /** Emails are owed only when a mailer is configured. */
  mailEnabled: boolean;
  /** Signs each council's audit-chain anchor (AUDIT_ANCHOR_KEY); the development key when unset. */
  auditAnchorKey?: string;
  /** Write-once export of each anchor (AUDIT_ANCHOR_FILE), besides the table. */
  anchorSink?: AnchorSink;
}

export interface SweepResult {
  tenants: number;
  notices: number;
  expiryRuns: number;
  purgeRuns: number;
  emailRuns: number;
  filedEscalationRuns: number;
  anchors: number;
  /** Councils whose chain could not be anchored this time. */
  anchorFailures: number;
  /** Idempotency records past their window, deleted. */
  idempotencyExpired: number;
}

/**
 * The reconciler. The database says what is due; Redis only wakes workers up.
 * For every tenant (each in its own read-only transaction, so RLS stays on) it
 * finds due work and enqueues it under a deterministic job id: a job already
 * waiting is not added twice, and work whose job was lost (Redis flushed or
 * restarted) is enqueued again. Handlers are idempotent, so a duplicate is harmless.
 */
export async function sweep(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = {
    tenants: 0,
    notices: 0,
    expiryRuns: 0,
    purgeRuns: 0,
    emailRuns: 0,
    filedEscalationRuns: 0,
    anchors: 0,
    anchorFailures: 0,
    idempotencyExpired: 0,
  };
  for (const tenantId of await listTenantIds(deps.ds)) {
    let found: {
      notices: ReviewNotice[];
      expiry: boolean;
      purge: boolean;
      email: boolean;
      filed: boolean;
    };
    try {
      found = await withTenantReadOnly(deps.ds, tenantId, async (em) => ({
        notices: await findDueReviewNotices(em, deps.policies, now),
        expiry: await hasDueExpiry(em, deps.policies, now),
        purge: await hasDuePurge(em, deps.policies, now),
        email: deps.mailEnabled && (await hasUnsentEmail(em)),
        filed: await hasDueFiledEscalation(em, now),
      }));
    } catch (e) {
      // One council's bad data must not stop the others' reminders.
      deps.logger.error({ tenantId, err: (e as Error).message }, 'sweep failed for a tenant');
      continue;
    }
    result.tenants += 1;
    try {
      const key = deps.auditAnchorKey ?? DEV_AUDIT_ANCHOR_KEY;
      if (await anchorTenantChain(deps.ds, tenantId, key, now, deps.anchorSink))
        result.anchors += 1;
    } catch (e) {
      result.anchorFailures += 1;
      deps.logger.error({ tenantId, err: (e as Error).message }, 'audit anchor failed');
    }
    try {
      result.idempotencyExpired += await withTenant(deps.ds, tenantId, (em) =>
        purgeExpiredIdempotencyRecords(em, now),
      );
    } catch (e) {
      deps.logger.error({ tenantId, err: (e as Error).message }, 'idempotency expiry failed');
    }
    if (found.notices.length) {
      await deps.queues.notifications.addBulk(
        found.notices.map((n) => ({
          name: reviewNotificationJob.name,
          data: n,
          opts: { jobId: reviewNotificationJob.id(n) },
        })),
      );
      result.notices += found.notices.length;
    }
    if (found.expiry) {
      await deps.queues.expiry.add(
        expiryJob.name,
        { tenantId },
        { jobId: expiryJob.id({ tenantId }) },
      );
      result.expiryRuns += 1;
    }
    if (found.purge) {
      await deps.queues.retention.add(
        purgeJob.name,
        { tenantId },
        { jobId: purgeJob.id({ tenantId }) },
      );
      result.purgeRuns += 1;
    }
    if (found.email) {
      await deps.queues.notifications.add(
        emailJob.name,
        { tenantId },
        { jobId: emailJob.id({ tenantId }) },
      );
      result.emailRuns += 1;
    }
    if (found.filed) {
      // Filed-without-reply items nobody confirmed in time (LGSCO: read for new information).
      await deps.queues.maintenance.add(
        FILED_ESCALATION_JOB,
        { tenantId },
        { jobId: filedEscalationJobId(tenantId) },
      );
      result.filedEscalationRuns += 1;
    }
  }
  return result;
}
