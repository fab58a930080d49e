import type { Letter, Restriction } from '@conduct/db';
import type { RestrictionNode } from '../cases/case.type';
import type { LetterNode } from '../letters/letter.type';

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

export function toLetterNode(l: Letter): LetterNode {
  return {
    id: l.id,
    caseId: l.caseId,
    decisionId: l.decisionId,
    templateKey: l.templateKey,
    title: l.title,
    body: l.body,
    sections: l.sections,
    status: l.status,
    createdAt: l.createdAt,
    sentAt: l.sentAt,
    sentBy: l.sentBy,
  };
}
