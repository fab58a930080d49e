import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Why a figure is not shown (disclosure control). */
export type BenchmarkSuppression = 'small-base' | 'small-count' | 'secondary';

/**
 * One of a council's own benchmarking figures for a period, as published
 * (after disclosure control): suppressed figures keep only the reason.
 */
@Entity('benchmark_snapshot')
export class BenchmarkSnapshot {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  /** `2026-Q1` or `2026`. */
  @Column('text') period: string;
  @Column('text') metric: string;
  /** The row of a mix table (a restriction type, channel, ...); '' for a single figure. */
  @Column('text', { default: '' }) category: string;
  @Column('double precision', { nullable: true }) value: number | null;
  /** The count behind the figure, rounded to the nearest 5. */
  @Column('int', { nullable: true }) count: number | null;
  /** What the figure is a share or median of (cases, reviews, appeals), rounded to the nearest 5. */
  @Column('int', { nullable: true }) base: number | null;
  @Column('text', { nullable: true }) suppression: BenchmarkSuppression | null;
  @Column('timestamptz', { name: 'computed_at' }) computedAt: Date;
}

/** The anonymous distribution of the participating councils' figures. Platform-level: no tenant. */
@Entity('benchmark_distribution')
export class BenchmarkDistribution {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('text') period: string;
  @Column('text') metric: string;
  @Column('text', { default: '' }) category: string;
  /** How many councils' figures it is built from (at least 3). */
  @Column('int', { name: 'peer_count' }) peerCount: number;
  @Column('double precision') median: number;
  /** Shown only when at least 5 councils contribute. */
  @Column('double precision', { name: 'lower_quartile', nullable: true }) lowerQuartile:
    number | null;
  @Column('double precision', { name: 'upper_quartile', nullable: true }) upperQuartile:
    number | null;
  @Column('timestamptz', { name: 'computed_at' }) computedAt: Date;
}
