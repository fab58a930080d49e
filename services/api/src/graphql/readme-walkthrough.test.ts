import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, print, type DefinitionNode } from 'graphql';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * The README's walkthrough, run as written: its GraphQL documents are read
 * from README.md itself (fenced `graphql` blocks and the inline queries of
 * the last step), so a renamed field fails here rather than for a reader.
 */
const README = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');

/** The walkthrough section: from its heading to the next second-level heading. */
function walkthrough(): string {
  const start = README.indexOf('## Walkthrough');
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end);
}

/** Every operation of the walkthrough, in order, as printed GraphQL. */
function operations(): string[] {
  const text = walkthrough();
  const docs: { at: number; source: string }[] = [];
  for (const m of text.matchAll(/```graphql\n([\s\S]*?)```/g))
    docs.push({ at: m.index, source: m[1]! });
  for (const m of text.matchAll(/`((?:query|mutation) \{[^`]+\})`/g))
    docs.push({ at: m.index, source: m[1]! });
  return docs
    .sort((a, b) => a.at - b.at)
    .flatMap((d) => parse(d.source).definitions.map((def: DefinitionNode) => print(def)));
}

describe('the README walkthrough', () => {
  let api: TestApi;
  beforeAll(async () => {
    // The README's contact is dated 5 January 2026; a reader runs it after that.
    api = await startTestApi({ now: new Date('2026-01-06T09:00:00Z') });
  });
  afterAll(() => api.close());

  it('runs as written: a Maidstone warning, end to end', async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(8);
    const manager = await api.token('maidstone', 'manager@maidstone.example');
    const head = await api.token('maidstone', 'head-of-policy@maidstone.example');
    const ids: Record<string, string> = {};
    const fill = (op: string) =>
      op.replace(/<([a-z]+) id>/g, (_, what: string) => {
        const id = ids[what];
        if (!id) throw new Error(`the README uses <${what} id> before any step returned one`);
        return id;
      });
    for (const op of ops) {
      // "Run the first with $MANAGER, the second with $HEAD": only the approval is the Head's.
      const token = op.includes('actOnProposal') ? head : manager;
      const res = await api.gql<Record<string, { id?: string } | unknown>>(fill(op), {}, token);
      expect([op.split('\n')[1]?.trim(), res.errors]).toEqual([
        op.split('\n')[1]?.trim(),
        undefined,
      ]);
      const [field, value] = Object.entries(res.data!)[0]!;
      const id = (value as { id?: string } | null)?.id;
      const kind = {
        createCustomer: 'customer',
        openCase: 'case',
        logContact: 'contact',
        proposeTransition: 'proposal',
      }[field];
      if (kind && id) ids[kind] = id;
      if (field === 'actOnProposal') {
        expect(value).toMatchObject({
          step: { action: 'approve' },
          outcome: { letter: { title: 'Your contact with the Council' } },
        });
      }
      if (field === 'verifyAuditChain') expect(value).toMatchObject({ ok: true });
    }
    expect(Object.keys(ids).sort()).toEqual(['case', 'contact', 'customer', 'proposal']);
  });
});
