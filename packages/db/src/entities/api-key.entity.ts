import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A service account's key (`ck_<keyId>.<secret>`); only a hash of the secret is stored. */
@Entity('api_key')
export class ApiKey {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('text', { name: 'key_id' }) keyId: string;
  @Column('text') name: string;
  @Column('text', { name: 'secret_hash' }) secretHash: string;
  @Column('text', { array: true }) roles: string[];
  /** The service account the key acts as. */
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('uuid', { name: 'revoked_by', nullable: true }) revokedBy: string | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** Platform-level: which tenant a key id belongs to; holds nothing secret. */
@Entity('api_key_locator')
export class ApiKeyLocator {
  @PrimaryColumn('text', { name: 'key_id' }) keyId: string;
  @Column('uuid', { name: 'key_tenant_id' }) tenantId: string;
}
