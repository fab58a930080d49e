import { Router } from 'express';
import type { ApiServices } from '../request/context';
import { checkApiReadiness } from './health.service';

/**
 * `/livez`: the process answers (restart it when not). `/readyz`: it can serve
 * now (take it out of the load balancer when not). `/healthz` stays as `/livez`.
 */
export function probeRoutes(services: ApiServices): Router {
  const router = Router();
  const live = (
    _req: unknown,
    res: { set(h: string, v: string): void; json(b: unknown): void },
  ) => {
    res.set('cache-control', 'no-store');
    res.json({ status: 'ok' });
  };
  router.get('/livez', live);
  router.get('/healthz', live);
  router.get('/readyz', async (_req, res) => {
    const r = await checkApiReadiness(services);
    res.set('cache-control', 'no-store');
    res
      .status(r.ready ? 200 : 503)
      .json({ status: r.ready ? 'ok' : 'unavailable', checks: r.checks });
  });
  return router;
}
