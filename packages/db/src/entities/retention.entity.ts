import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The deletion log: one row per purged case, with no personal data (not even hashed). */
@Entity('purge_log')
export class PurgeLog {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'run_id' }) runId: string;
  @Column('uuid', { name: 'batch_id' }) batchId: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  /** What kind of record was purged (`case`: the case, its customer's identity where unused, and its records). */
  @Column('text') category: string;
  @Column('text', { name: 'rule_id' }) ruleId: string;
  @Column('int', { name: 'policy_version' }) policyVersion: number;
  @Column('text') action: 'destroy' | 'anonymise';
  @Column('timestamptz', { name: 'retention_due_at' }) retentionDueAt: Date;
  @Column('timestamptz') cutoff: Date;
  /** Rows destroyed or emptied, by kind (contacts, letters, ...). */
  @Column('jsonb') counts: Record<string, number>;
  @Column('timestamptz', { name: 'purged_at' }) purgedAt: Date;
  /** Who purged: the worker's job, or the command line. */
  @Column('text') actor: string;
}

/** The anonymous statistical record a purged case leaves: stages, months, types, outcomes. */
@Entity('case_statistic')
export class CaseStatistic {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  /** The purged case's id. */
  @PrimaryColumn('uuid') id: string;
  @Column('int', { name: 'policy_version' }) policyVersion: number;
  @Column('text', { name: 'final_stage' }) finalStage: string;
  @Column('text', { name: 'final_stage_kind' }) finalStageKind: string;
  @Column('text', { name: 'stages_reached', array: true }) stagesReached: string[];
  /** First day of the month, `YYYY-MM-DD`. */
  @Column('date', { name: 'opened_month' }) openedMonth: string;
  @Column('date', { name: 'closed_month', nullable: true }) closedMonth: string | null;
  @Column('date', { name: 'purged_month' }) purgedMonth: string;
  @Column('text', { name: 'restriction_types', array: true }) restrictionTypes: string[];
  @Column('text', { name: 'decision_outcomes', array: true }) decisionOutcomes: string[];
  @Column('text', { name: 'review_outcomes', array: true }) reviewOutcomes: string[];
  @Column('text', { name: 'appeal_outcomes', array: true }) appealOutcomes: string[];
  @Column('int', { name: 'contact_count' }) contactCount: number;
}
