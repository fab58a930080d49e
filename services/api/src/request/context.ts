import type { DataSource, EntityManager } from 'typeorm';
import type Redis from 'ioredis';
import type { Logger } from '@conduct/config';
import type { AppUser, Operator, Tenant, TenantEntityManager } from '@conduct/db';
import type { Actor, Policy } from '@conduct/policy';
import type { AppAbility } from '../authorization/ability';
import type { Clock } from '@conduct/config';
import type { AuthSettings } from './auth-settings';
import type { RateLimits } from '../rate-limits/rate-limits';
import type { PolicyCache } from './policy-cache';
import type { RequestTransaction } from './transaction';

/** Long-lived dependencies, built once per process. */
export interface ApiServices {
  ds: DataSource;
  redis: Redis;
  logger: Logger;
  version: string;
  clock: Clock;
  policies: PolicyCache;
  auth: AuthSettings;
  /** Signs and checks audit-chain anchors (AUDIT_ANCHOR_KEY); the development key when unset. */
  auditAnchorKey?: string;
  /** AUDIT_ANCHOR_FILE: the exported anchors verifyAuditChain also holds the chain to. */
  auditAnchorFile?: string;
  /** Rate limits and per-council concurrency (defaults when unset). */
  rateLimits?: RateLimits;
}

/** A signed-in member of a council's staff, inside that council's transaction. */
export interface TenantSession {
  tenant: Tenant;
  user: AppUser;
  /** The request's one transaction; `app.tenant_id` is set, so RLS applies. */
  em: TenantEntityManager;
  /** The tenant's active policy (cases use the version they are pinned to). */
  policy: Policy;
  policyVersionId: string;
  actor: Actor;
}

/**
 * A platform operator, outside every tenant. `em` is a transaction in which no
 * tenant is set, so row-level security shows it zero rows of tenant tables.
 */
export interface OperatorSession {
  operator: Operator;
  em: EntityManager;
}

/** Passed explicitly to every service call; never read from globals. */
export interface RequestContext {
  services: ApiServices;
  correlationId: string;
  ability: AppAbility;
  session?: TenantSession;
  /** Set instead of `session` for a platform operator; never both. */
  operatorSession?: OperatorSession;
  /** Why a presented token was refused (resolvers that need a user report it). */
  authError?: string;
  /** The caller's address: anonymous callers are budgeted per IP. */
  clientIp?: string;
  /** The session's transaction; committed or rolled back when the response is ready. */
  transaction?: RequestTransaction<EntityManager>;
}
