import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A platform operator: runs the hosted instance, belongs to no tenant, never reads case data. */
@Entity('operator')
export class Operator {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { nullable: true }) subject: string | null;
  @Column('boolean') active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * What an operator did, kept at platform level: the platform's operator log.
 * The payload holds ids and codes only; `reason` is the operator's own words
 * for a break-glass action, kept here rather than in the council's chain.
 */
@Entity('operator_event')
export class OperatorEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('uuid', { name: 'operator_id' }) operatorId: string;
  @Column('text') action: string;
  @Column('uuid', { name: 'target_tenant_id', nullable: true }) tenantId: string | null;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { nullable: true }) reason: string | null;
}
