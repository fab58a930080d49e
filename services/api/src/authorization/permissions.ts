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
}

/** The platform role outside tenants (issue: operators never read case data). */
export const TENANT_ADMIN_ROLE = 'tenant-admin';
