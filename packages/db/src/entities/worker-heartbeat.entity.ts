import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Written by the worker's heartbeat job: proof that jobs flow from producers to workers. */
@Entity('worker_heartbeat')
export class WorkerHeartbeat {
  @PrimaryColumn('text', { name: 'job_id' }) jobId: string;
  @Column('text') worker: string;
  @Column('timestamptz', { name: 'processed_at' }) processedAt: Date;
}
