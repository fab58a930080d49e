import type { Restriction } from '@conduct/db';
import type { RestrictionNode } from './case.type';

/** A restriction as GraphQL shows it: parameters as a JSON string. */
export function toRestrictionNode(r: Restriction): RestrictionNode {
  return {
    id: r.id,
    type: r.type,
    parametersJson: JSON.stringify(r.parameters),
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    status: r.status,
  };
}
