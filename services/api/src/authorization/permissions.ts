/**
 * What a user may do, named. Resolvers declare the permission they need
 * (`@Authorized(Permission.WorkCases)`); which roles hold which permissions is
 * decided here and in the ability, never inside a resolver. Who may take a
 * particular step on a particular case is the policy engine's question.
 */
export enum Permission {
  ReadCases = 'read:cases',
  WorkCases = 'work:cases',
  ReadRegister = 'read:register',
  ReadAudit = 'read:audit',
  ManageMembers = 'manage:members',
  ManageTenant = 'manage:tenant',
  /** Platform operators only: create, list and suspend tenants. Never held inside a tenant. */
  OperatePlatform = 'operate:platform',
  /** Anyone signed in to a council: their own notifications (reminders, escalations). */
  ReadOwnNotifications = 'read:own-notifications',
  /** Tenant admins: what the next retention purge would take, and why. */
  PreviewPurge = 'preview:purge',
  /** Staff and tenant admins: their council's anonymised benchmarking figures beside its peers'. */
  ReadBenchmarks = 'read:benchmarks',
}

/** A council's administrator: its policy versions, staff, roles and API keys. */
export const TENANT_ADMIN_ROLE = 'tenant-admin';
