import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An immutable snapshot of a council's validated policy; cases pin one. */
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
}
