import { withTenant } from '@conduct/db';
import {
  AUDIT_ACTIONS,
  appendVocabularyEvent,
  isAuditAction,
  type AuditAction,
} from '@conduct/casework';
import { Casework } from '@conduct/api/testing/proposals/casework.testkit';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * Every audit event is an action of the one vocabulary
 * (packages/casework/src/audit/vocabulary.ts): the writer's type accepts no
 * other, eslint keeps the low-level writer out of reach, and at run time an
 * action built from data that is not declared is refused before it is written.
 */
describe('the audit vocabulary', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const count = async () =>
    ((await api.owner.query(`select count(*)::int as n from audit_event`)) as { n: number }[])[0]!
      .n;

  it('refuses an action it does not declare, and writes nothing', async () => {
    const before = await count();
    await expect(
      withTenant(api.ds, api.tenants.maidstone!, (em) =>
        appendVocabularyEvent(em, {
          action: 'case.renamed' as AuditAction,
          entityType: 'case',
          actorId: null,
          occurredAt: new Date(),
        } as Parameters<typeof appendVocabularyEvent>[1]),
      ),
    ).rejects.toThrow("'case.renamed' is not in the audit vocabulary");
    expect(await count()).toBe(before);
  });

  it('the writer’s type accepts only declared actions with their payloads', () => {
    // Compiled by `pnpm typecheck`: each line must be refused by the type.
    const typeOnly = (em: Parameters<typeof appendVocabularyEvent>[0]) => [
      appendVocabularyEvent(em, {
        // @ts-expect-error not an action of the vocabulary
        action: 'case.renamed',
        entityType: 'case',
        actorId: null,
        occurredAt: new Date(),
      }),
      appendVocabularyEvent(em, {
        action: 'check.attested',
        entityType: 'check_attestation',
        actorId: null,
        occurredAt: new Date(),
        // @ts-expect-error the payload of check.attested holds a check key, not a name
        payload: { customerName: 'Pat Example' },
      }),
    ];
    expect(typeof typeOnly).toBe('function');
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });

  it('what the API and tenant set-up write is all in the vocabulary', async () => {
    const cw = new Casework(api, 'maidstone');
    const ids = await cw.openCase();
    await cw.logContact('officer', ids, 'telephone', ['repeat-enquiries']);
    const actions = (
      (await api.owner.query(`select distinct action from audit_event order by action`)) as {
        action: string;
      }[]
    ).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['case.opened', 'contact.logged']));
    expect(actions.filter((a) => !isAuditAction(a))).toEqual([]);
  });
});
