import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A pooled database client's counts, as `pg.Pool` keeps them. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** A queue's depth by state, and when its oldest waiting job was added (epoch ms). */
export interface QueueProbe {
  name: string;
  counts(): Promise<Record<string, number>>;
  oldestWaiting(): Promise<number | undefined>;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function baseRegistry(service: 'api' | 'worker'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Connections of the service's database pool, read at each scrape. */
function poolGauge(registry: Registry, pool: () => PoolCounts | undefined): void {
  new Gauge({
    name: 'conduct_db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting clients).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const p = pool();
      if (!p) return;
      this.set({ state: 'total' }, p.totalCount);
      this.set({ state: 'idle' }, p.idleCount);
      this.set({ state: 'in_use' }, p.totalCount - p.idleCount);
      this.set({ state: 'waiting' }, p.waitingCount);
    },
  });
}

export interface ApiMetrics {
  registry: Registry;
  requestDuration: Histogram<'operation' | 'status'>;
  errors: Counter<'code'>;
}

/** The API's metrics: GraphQL request duration by operation, errors by code, pool use. */
export function apiMetrics(pool: () => PoolCounts | undefined): ApiMetrics {
  const registry = baseRegistry('api');
  poolGauge(registry, pool);
  return {
    registry,
    requestDuration: new Histogram({
      name: 'conduct_request_duration_seconds',
      help: 'Requests by operation (GraphQL root fields, or the HTTP route) and status.',
      labelNames: ['operation', 'status'],
      buckets: SECONDS,
      registers: [registry],
    }),
    errors: new Counter({
      name: 'conduct_errors_total',
      help: 'Errors returned to clients, by stable error code.',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}

export interface WorkerMetrics {
  registry: Registry;
  jobDuration: Histogram<'queue' | 'job'>;
  jobFailures: Counter<'queue' | 'job'>;
  purgedCases: Counter;
  /** Call when a sweep has anchored (or found unchanged) every council's audit chain. */
  anchoringDone(at: Date): void;
}

/** The worker's metrics: queue depth and lag per queue, job duration and failures, purged cases. */
export function workerMetrics(
  pool: () => PoolCounts | undefined,
  queues: () => QueueProbe[],
): WorkerMetrics {
  const registry = baseRegistry('worker');
  poolGauge(registry, pool);
  new Gauge({
    name: 'conduct_queue_jobs',
    help: 'Jobs per queue by state.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const q of queues()) {
        for (const [state, n] of Object.entries(await q.counts()))
          this.set({ queue: q.name, state }, n);
      }
    },
  });
  new Gauge({
    name: 'conduct_queue_lag_seconds',
    help: 'Age of the oldest job waiting in each queue (0 when none waits).',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      for (const q of queues()) {
        const oldest = await q.oldestWaiting();
        this.set({ queue: q.name }, oldest ? Math.max(0, (Date.now() - oldest) / 1000) : 0);
      }
    },
  });
  // Only the worker that ran the sweep knows when the chains were last anchored;
  // the others report nothing rather than a made-up age (take the min across workers).
  let lastAnchoring: number | undefined;
  new Gauge({
    name: 'conduct_audit_anchoring_lag_seconds',
    help: 'Seconds since this worker last anchored every council audit chain (absent until it has).',
    registers: [registry],
    collect() {
      if (lastAnchoring !== undefined) this.set(Math.max(0, (Date.now() - lastAnchoring) / 1000));
    },
  });
  return {
    registry,
    anchoringDone: (at) => {
      lastAnchoring = at.getTime();
    },
    jobDuration: new Histogram({
      name: 'conduct_job_duration_seconds',
      help: 'Processing time of finished jobs, by queue and job name.',
      labelNames: ['queue', 'job'],
      buckets: [...SECONDS, 60, 300],
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: 'conduct_job_failures_total',
      help: 'Failed job attempts, by queue and job name.',
      labelNames: ['queue', 'job'],
      registers: [registry],
    }),
    purgedCases: new Counter({
      name: 'conduct_purged_cases_total',
      help: 'Cases purged at the end of their retention period.',
      registers: [registry],
    }),
  };
}
