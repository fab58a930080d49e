import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

/** `owner` runs migrations; `app` is the non-owner role every request uses. */
export type DataSourceRole = 'owner' | 'app';

export function createDataSource(url: string, role: DataSourceRole, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: role === 'owner' ? migrations : [],
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logging: false,
    extra: { max: poolSize, application_name: `conduct-${role}` },
  });
}
