import { AppUser } from './app-user.entity';
import { AuditEvent } from './audit-event.entity';
import { PolicyVersion } from './policy-version.entity';
import { Tenant } from './tenant.entity';
import { WorkerHeartbeat } from './worker-heartbeat.entity';

export { AppUser, AuditEvent, PolicyVersion, Tenant, WorkerHeartbeat };

export const entities = [Tenant, PolicyVersion, AppUser, AuditEvent, WorkerHeartbeat];
