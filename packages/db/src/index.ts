import 'reflect-metadata';

export { createDataSource, type DataSourceRole } from './data-source';
export {
  prepareDatabase,
  migrateDatabase,
  appUrlFor,
  appUrlFromConfig,
  APP_ROLE,
  MIGRATION_LOCK_KEY,
} from './prepare';
export {
  assertKnownSchema,
  schemaStatus,
  SchemaVersionError,
  KNOWN_MIGRATIONS,
  type SchemaStatus,
} from './schema-version';
export { withTenant, withPlatform, type TenantEntityManager } from './tenant-scope';
export { prepared } from './prepared-statement';
export {
  appendAuditEvent,
  verifyAuditChain,
  type AuditInput,
  type ChainVerdict,
} from './audit/audit-chain';
export { anchorAuditChain, latestAnchor, type AuditAnchor } from './audit/audit-anchor';
export { FileAnchorSink, readExportedAnchors, type AnchorSink } from './audit/anchor-sink';
export {
  IDEMPOTENCY_WINDOW_HOURS,
  idempotencyCutoff,
  purgeExpiredIdempotencyRecords,
} from './idempotency/expiry';
export * from './entities';
