import type { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import type { Logger } from '@conduct/config';

/** What every service method receives explicitly: never read from globals. */
export interface ApiServices {
  ds: DataSource;
  redis: Redis;
  logger: Logger;
  version: string;
}

export interface RequestContext {
  services: ApiServices;
  correlationId: string;
}
