import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Readiness } from './probes';

export interface OperationsServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export interface OperationsRoutes {
  /** `/livez` and `/readyz` (the worker's probes); absent on the API's metrics port. */
  readiness?: () => Promise<Readiness>;
  /** `/metrics` in Prometheus' text format. */
  registry?: Registry;
}

/**
 * A small HTTP server for orchestrators and Prometheus, on a port of its own so
 * a network policy can keep councils' users away from it.
 */
export function serveOperations(
  port: number,
  routes: OperationsRoutes,
  host = '0.0.0.0',
): Promise<OperationsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    void (async () => {
      if (req.method !== 'GET') return send(405, JSON.stringify({ status: 'method not allowed' }));
      if (path === '/livez' && routes.readiness) return send(200, JSON.stringify({ status: 'ok' }));
      if (path === '/readyz' && routes.readiness) {
        const r = await routes.readiness();
        return send(
          r.ready ? 200 : 503,
          JSON.stringify({ status: r.ready ? 'ok' : 'unavailable', checks: r.checks }),
        );
      }
      if (path === '/metrics' && routes.registry) {
        return send(200, await routes.registry.metrics(), routes.registry.contentType);
      }
      send(404, JSON.stringify({ status: 'not found' }));
    })().catch(() => send(500, JSON.stringify({ status: 'unavailable' })));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        server,
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
