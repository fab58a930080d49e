import type { Contact } from '@conduct/db';
import type { ContactNode } from './case.type';

/** A logged contact as GraphQL shows it. */
export const toContactNode = (x: Contact): ContactNode => ({
  id: x.id,
  occurredAt: x.occurredAt,
  channel: x.channel,
  behaviourCategories: x.behaviourCategories,
  severity: x.severity,
  description: x.description,
  staffAffected: x.staffAffected,
  newIssue: x.newIssue,
  recordedBy: x.recordedBy,
  recordedAt: x.recordedAt,
  caseId: x.caseId,
});
