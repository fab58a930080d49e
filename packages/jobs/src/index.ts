export { QUEUES, type QueueName, heartbeatJob } from './queues';
export { producerConnection, workerConnection } from './connections';
