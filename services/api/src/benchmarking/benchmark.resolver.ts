import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { parseInput } from '../graphql/validated-input';
import { periodSchema } from './benchmark.inputs';
import { loadBenchmarkReport } from './benchmark.service';
import { BenchmarkReportNode } from './benchmark.type';

@Resolver()
export class BenchmarkResolver {
  @Authorized(Permission.ReadBenchmarks)
  @Query(() => BenchmarkReportNode, {
    description:
      'Your council’s anonymised benchmarking figures for a period beside the participating councils’ distribution (median, quartiles, number of councils). Only for councils that opted in.',
  })
  async benchmarkReport(
    @Ctx() ctx: RequestContext,
    @Arg('period', () => String, { description: 'A year (2026) or a quarter (2026-Q1).' })
    period: string,
  ): Promise<BenchmarkReportNode> {
    const key = parseInput(periodSchema, period, 'period');
    const session = sessionOf(ctx);
    return loadBenchmarkReport(session.em, session.tenant, session.policy, key);
  }
}
