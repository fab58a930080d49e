import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { heartbeatJob } from '@conduct/jobs';

/** Idempotent: a retried or duplicated job writes the same row once. */
export async function processHeartbeat(
  ds: DataSource,
  workerName: string,
  job: Job,
): Promise<void> {
  heartbeatJob.data.parse(job.data);
  await ds.query(
    `insert into worker_heartbeat (job_id, worker) values ($1, $2) on conflict (job_id) do nothing`,
    [job.id, workerName],
  );
}
