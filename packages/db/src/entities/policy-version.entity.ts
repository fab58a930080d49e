import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A draft, or an immutable (once activated) snapshot of a council's validated policy; cases pin one. */
@Entity('policy_version')
export class PolicyVersion {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('integer') version: number;
  @Column('text') status: 'draft' | 'active' | 'superseded';
  @Column('text', { name: 'source_text' }) sourceText: string;
  @Column('text', { name: 'source_hash' }) sourceHash: string;
  @Column('jsonb', { nullable: true }) document: unknown;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'activated_at', nullable: true }) activatedAt: Date | null;
  @Column('text', { name: 'source_format', default: 'yaml' }) sourceFormat: 'yaml' | 'json';
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  /** The first tenant admin's request to activate, awaiting a second admin's approval. */
  @Column('uuid', { name: 'activation_requested_by', nullable: true }) activationRequestedBy:
    string | null;
  @Column('timestamptz', { name: 'activation_requested_at', nullable: true })
  activationRequestedAt: Date | null;
  @Column('uuid', { name: 'activated_by', nullable: true }) activatedBy: string | null;
  @Column('uuid', { name: 'approved_by', nullable: true }) approvedBy: string | null;
}
