import 'reflect-metadata';

export { createDataSource, type DataSourceRole } from './data-source';
export { prepareDatabase, appUrlFor, appUrlFromConfig, APP_ROLE } from './prepare';
export { withTenant, withPlatform, type TenantEntityManager } from './tenant-scope';
export {
  appendAuditEvent,
  verifyAuditChain,
  type AuditInput,
  type ChainVerdict,
} from './audit/audit-chain';
export { anchorAuditChain, latestAnchor, type AuditAnchor } from './audit/audit-anchor';
export * from './entities';
