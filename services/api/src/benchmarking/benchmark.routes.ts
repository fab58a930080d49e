import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@conduct/casework';
import { abilityAllows } from '../authorization/ability';
import { Permission } from '../authorization/permissions';
import type { ApiServices, RequestContext } from '../request/context';
import { parseInput } from '../graphql/validated-input';
import { buildRequestContext } from '../identity/request-context';
import type { RequestTransaction } from '../request/transaction';
import { reportToCsv } from './benchmark.csv';
import { metricKeySchema, periodSchema } from './benchmark.inputs';
import { loadBenchmarkReport } from './benchmark.service';
import { renderMetricSvg } from './benchmark.svg';
import type { BenchmarkReportNode } from './benchmark.type';

const HTTP_STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
};

/**
 * Loads the caller's report with the same credential logic as GraphQL
 * (bearer token or API key), inside the request's own transaction, which is
 * always released (read only: rolled back).
 */
async function withReport(
  services: ApiServices,
  req: Request,
  res: Response,
  period: string,
  send: (report: BenchmarkReportNode) => Promise<void>,
): Promise<void> {
  let tx: RequestTransaction<EntityManager> | undefined;
  let ctx: RequestContext | undefined;
  try {
    ({ ctx, tx } = await buildRequestContext(services, req));
    res.setHeader('x-correlation-id', ctx.correlationId);
    if (!ctx.session) {
      if (ctx.operatorSession)
        throw new DomainError('FORBIDDEN', 'Platform operators cannot read council figures');
      throw new DomainError(
        'UNAUTHENTICATED',
        ctx.authError ? `Not signed in: ${ctx.authError}` : 'Sign in first',
      );
    }
    if (!abilityAllows(ctx.ability, Permission.ReadBenchmarks)) {
      throw new DomainError('FORBIDDEN', 'Your roles do not allow this');
    }
    const key = parseInput(periodSchema, period, 'period');
    const { em, tenant, policy } = ctx.session;
    await send(await loadBenchmarkReport(em, tenant, policy, key));
  } catch (e) {
    const code = e instanceof DomainError ? e.code : undefined;
    const status = (code ? HTTP_STATUS[code] : undefined) ?? 500;
    const correlationId = ctx?.correlationId ?? randomUUID();
    if (status === 500) services.logger.error({ err: e, correlationId }, 'benchmark export failed');
    if (!res.headersSent) {
      res.status(status).json({
        error: status === 500 ? 'Internal server error' : (e as Error).message,
        code: code && status !== 500 ? code : 'INTERNAL_SERVER_ERROR',
        correlationId,
      });
    }
  } finally {
    await tx?.finish(false);
  }
}

function common(res: Response): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
}

/**
 * Exports for signed-in council users (mounted at /benchmarking):
 * - GET /benchmarking/<period>.csv — every figure beside the peer distribution;
 * - GET /benchmarking/<period>/<metric>.svg — one chart per measure.
 */
export function benchmarkRoutes(services: ApiServices): Router {
  const router = Router();
  router.get('/:file', async (req, res) => {
    const match = /^(.+)\.csv$/.exec(String(req.params.file));
    if (!match) {
      res.status(404).json({ error: 'Not found', code: 'NOT_FOUND' });
      return;
    }
    await withReport(services, req, res, match[1]!, async (report) => {
      common(res);
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader(
        'content-disposition',
        `attachment; filename="benchmarking-${report.period}.csv"`,
      );
      res.send(reportToCsv(report));
    });
  });
  router.get('/:period/:file', async (req, res) => {
    const match = /^(.+)\.svg$/.exec(String(req.params.file));
    if (!match) {
      res.status(404).json({ error: 'Not found', code: 'NOT_FOUND' });
      return;
    }
    await withReport(services, req, res, String(req.params.period), async (report) => {
      const key = parseInput(metricKeySchema, match[1], 'metric');
      const metric = report.metrics.find((m) => m.key === key)!;
      const svg = await renderMetricSvg(report, metric);
      common(res);
      res.setHeader('content-type', 'image/svg+xml; charset=utf-8');
      res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      res.send(svg);
    });
  });
  return router;
}
