import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A member of a council's staff; `roles` are the policy's role keys plus `tenant-admin`. */
@Entity('app_user')
export class AppUser {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { array: true }) roles: string[];
  /** The issuer the subject was bound under: a binding never carries over to another provider. */
  @Column('text', { nullable: true }) issuer: string | null;
  @Column('text', { nullable: true }) subject: string | null;
  @Column('boolean') active: boolean;
  /** `person` signs in with the council's identity provider; `service` acts only through an API key. */
  @Column('text', { default: 'person' }) kind: 'person' | 'service';
  @Column('timestamptz', { name: 'deactivated_at', nullable: true }) deactivatedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A staff change waiting for a second tenant admin (roles that propose or decide, removing an admin). */
@Entity('staff_change_request')
export class StaffChangeRequest {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') kind: 'roles' | 'deactivate' | 'reactivate';
  @Column('text', { array: true, nullable: true }) roles: string[] | null;
  @Column('uuid', { name: 'requested_by' }) requestedBy: string;
  @Column('timestamptz', { name: 'requested_at' }) requestedAt: Date;
}
