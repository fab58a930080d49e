import type { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import type { Logger } from '@conduct/config';
import type { AppUser, Tenant, TenantEntityManager } from '@conduct/db';
import type { Actor, Policy } from '@conduct/policy';
import type { AppAbility } from './authorization/ability';
import type { Clock } from './clock';
import type { PolicyCache } from './tenancy/policy-cache';
import type { RequestTransaction } from './tenancy/request-transaction';

/** Long-lived dependencies, built once per process. */
export interface ApiServices {
  ds: DataSource;
  redis: Redis;
  logger: Logger;
  version: string;
  clock: Clock;
  policies: PolicyCache;
  auth: { production: boolean; devIssuerSecret: string };
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

/** Passed explicitly to every service call; never read from globals. */
export interface RequestContext {
  services: ApiServices;
  correlationId: string;
  ability: AppAbility;
  session?: TenantSession;
  /** Why a presented token was refused (resolvers that need a user report it). */
  authError?: string;
  /** The session's transaction; committed or rolled back when the response is ready. */
  transaction?: RequestTransaction;
}
