import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One link of a tenant's tamper-evident audit chain. Holds ids and field names, never personal values. */
@Entity('audit_event')
export class AuditEvent {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('bigint', {
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  seq: number;
  @Column('uuid') id: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text') action: string;
  @Column('text', { name: 'entity_type' }) entityType: string;
  @Column('uuid', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('uuid', { name: 'case_id', nullable: true }) caseId: string | null;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { name: 'prev_hash' }) prevHash: string;
  @Column('text') hash: string;
}
