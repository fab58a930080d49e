import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'How the participating councils’ figures are spread: never any council’s own figure. Built only from councils whose figure was not suppressed.',
})
export class PeerDistributionNode {
  @Field(() => Int, {
    description:
      'How many councils the distribution is built from (at least 3; yours included when it contributes).',
  })
  peerCount: number;

  @Field(() => Float, { description: 'The median of their figures.' })
  median: number;

  @Field(() => Float, {
    nullable: true,
    description: 'The lower quartile; shown only when at least 5 councils contribute.',
  })
  lowerQuartile: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The upper quartile; shown only when at least 5 councils contribute.',
  })
  upperQuartile: number | null;
}

@ObjectType({ description: 'One figure: your council’s, beside the peer distribution.' })
export class BenchmarkCellNode {
  @Field(() => String, {
    nullable: true,
    description:
      'The row of a mix table (a restriction type, channel, ...); null for a single figure.',
  })
  category: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The row’s label in your council’s policy, when it names it.',
  })
  label: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Your figure, after disclosure control; null when suppressed or when there is no data.',
  })
  value: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The count behind it, rounded to the nearest 5.',
  })
  count: number | null;

  @Field({ description: 'True when disclosure control withheld your figure.' })
  suppressed: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Why: small-base (fewer than 5 behind it), small-count (a count of 1–4) or secondary.',
  })
  suppression: string | null;

  @Field(() => PeerDistributionNode, {
    nullable: true,
    description: 'The participating councils’ distribution; null when fewer than 3 contribute.',
  })
  peers: PeerDistributionNode | null;
}

@ObjectType({ description: 'One benchmarking measure for the period.' })
export class BenchmarkMetricNode {
  @Field({ description: 'Stable key, e.g. cases-per-100k (also the SVG chart’s name).' })
  key: string;

  @Field({ description: 'What it measures.' })
  label: string;

  @Field({ description: 'count, rate (per 100,000 population), percent or days.' })
  unit: string;

  @Field({ description: 'scalar (one figure) or mix (one row per category).' })
  kind: string;

  @Field({ description: 'What the figure is counted over, e.g. "cases opened".' })
  baseDescription: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'How many of those your figure is built from, rounded to the nearest 5; null when suppressed.',
  })
  base: number | null;

  @Field(() => [BenchmarkCellNode], {
    description: 'One cell for a single figure; one per category for a mix.',
  })
  cells: BenchmarkCellNode[];
}

@ObjectType({ description: 'The disclosure control the figures went through.' })
export class DisclosureRulesNode {
  @Field(() => Int, { description: 'A figure built from fewer cases than this is suppressed.' })
  minCell: number;

  @Field(() => Int, { description: 'Counts are rounded to the nearest multiple of this.' })
  roundTo: number;

  @Field(() => Int, { description: 'Peer figures need at least this many councils.' })
  minPeers: number;

  @Field(() => Int, { description: 'Quartiles need at least this many councils.' })
  minPeersForQuartiles: number;
}

@ObjectType({
  description:
    'Your council’s anonymised benchmarking figures for a period beside the distribution of the participating councils. No other council is named.',
})
export class BenchmarkReportNode {
  @Field({ description: 'The period: a year (2026) or a quarter (2026-Q1).' })
  period: string;

  @Field(() => Date, { description: 'First instant of the period (UTC).' })
  periodStart: Date;

  @Field(() => Date, { description: 'First instant after the period (UTC).' })
  periodEnd: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the figures were computed; null when they have not been yet.',
  })
  computedAt: Date | null;

  @Field(() => DisclosureRulesNode, { description: 'The disclosure control applied.' })
  disclosure: DisclosureRulesNode;

  @Field(() => [BenchmarkMetricNode], { description: 'Every measure, in a fixed order.' })
  metrics: BenchmarkMetricNode[];
}
