import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A council. Platform-level: the only table without a tenant_id. */
@Entity('tenant')
export class Tenant {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') name: string;
  @Column('integer') population: number;
  @Column('boolean', { name: 'benchmarking_opt_in' }) benchmarkingOptIn: boolean;
  @Column('text') status: 'active' | 'suspended';
  @Column('text', { name: 'oidc_issuer', nullable: true }) oidcIssuer: string | null;
  @Column('text', { name: 'oidc_jwks_url', nullable: true }) oidcJwksUrl: string | null;
  @Column('text', { name: 'oidc_audience', nullable: true }) oidcAudience: string | null;
  /** A provider an operator proposed: it signs nobody in until a tenant admin accepts it. */
  @Column('text', { name: 'pending_oidc_issuer', nullable: true }) pendingOidcIssuer: string | null;
  @Column('text', { name: 'pending_oidc_jwks_url', nullable: true })
  pendingOidcJwksUrl: string | null;
  @Column('text', { name: 'pending_oidc_audience', nullable: true })
  pendingOidcAudience: string | null;
  @Column('timestamptz', { name: 'pending_oidc_requested_at', nullable: true })
  pendingOidcRequestedAt: Date | null;
  @Column('uuid', { name: 'pending_oidc_requested_by', nullable: true })
  pendingOidcRequestedBy: string | null;
  @Column('timestamptz', { name: 'suspended_at', nullable: true }) suspendedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
