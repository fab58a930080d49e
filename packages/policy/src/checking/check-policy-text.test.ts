import { isAlias, isMap, parseDocument, type Document } from 'yaml';
import { checkPolicyText, type PolicyIssue } from './check-policy-text';
import { renderLetter } from '../letters/render-letter';
import { LETTER_PLACEHOLDERS } from '../schema/letter-placeholders';
import { loadTenantPolicy, TENANT_SLUGS, tenantPolicyText } from '../test-support/tenant-policy';

/** 1-based line of the first line containing `needle`. */
function lineContaining(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`'${needle}' not in text`);
  return index + 1;
}

function mutate(slug: string, change: (doc: Document) => void): string {
  const doc = parseDocument(tenantPolicyText(slug), { merge: true });
  change(doc);
  return String(doc);
}

function expectIssue(errors: PolicyIssue[], expected: PolicyIssue): void {
  expect(errors).toContainEqual(expected);
}

describe.each(TENANT_SLUGS.map((s) => [s]))('policy checker on %s', (slug) => {
  const policy = loadTenantPolicy(slug);
  // The first human decision in the file, and its last (decide) step.
  const [stageKey, stage] = Object.entries(policy.stages).find(([, s]) =>
    s.transitions.some((t) => !t.automatic),
  )!;
  const ti = stage.transitions.findIndex((t) => !t.automatic);
  const transition = stage.transitions[ti]!;
  const decide = transition.approval.length - 1;
  const base = ['stages', stageKey, 'transitions', ti];

  it('accepts the real file', () => {
    expect(checkPolicyText(tenantPolicyText(slug)).errors).toEqual([]);
  });

  it('names a misspelt role with its path and line', () => {
    const text = mutate(slug, (doc) =>
      doc.setIn([...base, 'approval', decide, 'role'], 'director-of-govrnance'),
    );
    const { policy: parsed, errors } = checkPolicyText(text);
    expect(parsed).toBeUndefined();
    expectIssue(errors, {
      path: `stages.${stageKey}.transitions[${ti}].approval[${decide}].role`,
      line: lineContaining(text, 'director-of-govrnance'),
      message: "'director-of-govrnance' is not a role of this policy",
    });
  });

  it('requires a review cadence on every restriction stage', () => {
    const [restrictive] = Object.entries(policy.stages).find(([, s]) => s.kind === 'restriction')!;
    const text = mutate(slug, (doc) => doc.deleteIn(['stages', restrictive, 'review']));
    expectIssue(checkPolicyText(text).errors, {
      path: `stages.${restrictive}`,
      line: lineContaining(text, `  ${restrictive}:`),
      message: `'${restrictive}' restricts the customer, so it must have a review cadence (review:)`,
    });
  });

  it('requires the Ombudsman text where there is no appeal route', () => {
    // Pick a transition whose appeal is not the anchor others refer to.
    let path: (string | number)[] = [];
    const text = mutate(slug, (doc) => {
      for (const [k, s] of Object.entries(policy.stages)) {
        s.transitions.forEach((t, i) => {
          const node = doc.getIn(['stages', k, 'transitions', i, 'appeal'], true);
          if (node && (isAlias(node) || (isMap(node) && !node.anchor)))
            path = ['stages', k, 'transitions', i, 'appeal'];
        });
      }
      doc.setIn(path, doc.createNode({ route: 'none' }));
    });
    const errors = checkPolicyText(text).errors;
    const issue = errors.find(
      (e) => e.path === `${path.join('.').replace(/\.(\d+)/g, '[$1]')}.ombudsman`,
    );
    expect(issue?.message).toBe(
      'a decision with no appeal route must give the Ombudsman signpost text',
    );
    expect(text.split('\n')[(issue?.line ?? 0) - 1]).toMatch(/appeal:/);
  });

  it('reports an unknown target stage and a misspelt field', () => {
    const text = mutate(slug, (doc) => {
      doc.setIn([...base, 'to'], 'stage-9');
      doc.setIn(['stages', stageKey, 'lable'], 'typo');
    });
    const { errors } = checkPolicyText(text);
    // Unknown fields are caught by the schema before cross-references are checked.
    expectIssue(errors, {
      path: `stages.${stageKey}.lable`,
      line: lineContaining(text, 'lable: typo'),
      message: "'lable' is not a field here (check the spelling)",
    });
    const fixed = text.replace(/^\s*lable: typo\n/m, '');
    expectIssue(checkPolicyText(fixed).errors, {
      path: `stages.${stageKey}.transitions[${ti}].to`,
      line: lineContaining(fixed, 'stage-9'),
      message: "'stage-9' is not a stage of this policy",
    });
  });

  it('refuses an unknown letter placeholder on its own line', () => {
    const text = tenantPolicyText(slug).replace('{{reasons}}', '{{reasonz}}');
    const issue = checkPolicyText(text).errors.find((e) => e.message.includes('reasonz'));
    expect(issue?.path).toMatch(/^letters\.[a-z0-9-]+\.sections\[\d+\]\.text$/);
    expect(issue?.line).toBe(lineContaining(text, '{{reasonz}}'));
    expect(issue?.message).toMatch(/^'\{\{reasonz\}\}' is not a letter placeholder; use one of: /);
  });

  it('refuses a measure a stage names but the policy does not define', () => {
    const [measured] = Object.entries(policy.stages).find(([, s]) => s.measures.length > 0)!;
    const text = mutate(slug, (doc) =>
      doc.addIn(['stages', measured, 'measures'], 'no-such-measure'),
    );
    expect(checkPolicyText(text).errors).toContainEqual({
      path: `stages.${measured}.measures[${policy.stages[measured]!.measures.length}]`,
      line: lineContaining(text, 'no-such-measure'),
      message: "'no-such-measure' is not a restriction type of this policy",
    });
  });

  it('refuses a review setting for an outcome the review cannot give', () => {
    const [reviewed, withLift] = Object.entries(policy.stages).find(([, s]) => s.review?.liftTo)!;
    const outcomes = withLift.review!.outcomes.filter((o) => o !== 'lift');
    const text = mutate(slug, (doc) =>
      doc.setIn(['stages', reviewed, 'review', 'outcomes'], doc.createNode(outcomes)),
    );
    expect(checkPolicyText(text).errors).toContainEqual({
      path: `stages.${reviewed}.review.liftTo`,
      line: expect.any(Number),
      message: "'liftTo' refers to the outcome 'lift', which is not in this review's outcomes",
    });
  });

  it('refuses a condition on an outcome the review cannot give', () => {
    const [reviewed, withReview] = Object.entries(policy.stages).find(([, s]) => s.review)!;
    const outcomes = withReview.review!.outcomes.filter((o) => o !== 'extend');
    const text = mutate(slug, (doc) => {
      doc.setIn(['stages', reviewed, 'review', 'outcomes'], doc.createNode(outcomes));
      doc.setIn(
        ['stages', reviewed, 'review', 'outcomeConditions'],
        doc.createNode({ extend: { conductSinceLastDecision: true } }),
      );
    });
    expect(checkPolicyText(text).errors).toContainEqual({
      path: `stages.${reviewed}.review.outcomeConditions.extend`,
      line: expect.any(Number),
      message: "a condition on the outcome 'extend', which is not in this review's outcomes",
    });
  });

  it('refuses an unknown role as the sender of letters', () => {
    const text = mutate(slug, (doc) =>
      doc.set('letterSending', doc.createNode({ markedSentBy: 'post-room' })),
    );
    expect(checkPolicyText(text).errors).toContainEqual(
      expect.objectContaining({ path: 'letterSending.markedSentBy' }),
    );
  });

  it('refuses a review reminder longer than the review cadence', () => {
    const [reviewed] = Object.entries(policy.stages).find(([, s]) => s.review)!;
    const text = mutate(slug, (doc) =>
      doc.setIn(['stages', reviewed, 'review', 'reminderDaysBefore'], 400),
    );
    const issue = checkPolicyText(text).errors.find(
      (e) => e.path === `stages.${reviewed}.review.reminderDaysBefore`,
    );
    expect(issue?.line).toBe(lineContaining(text, 'reminderDaysBefore: 400'));
    expect(issue?.message).toMatch(/^the reminder \(400 days before\) is as long as/);
  });

  it('reads the same policy as JSON, with lines', () => {
    const json = JSON.stringify(
      parseDocument(tenantPolicyText(slug), { merge: true }).toJS(),
      null,
      2,
    );
    expect(checkPolicyText(json, 'json').errors).toEqual([]);
    const broken = json.replace(
      '"benchmarking": {\n    "optIn": true',
      '"benchmarking": {\n    "optIn": "yes"',
    );
    expectIssue(checkPolicyText(broken, 'json').errors, {
      path: 'benchmarking.optIn',
      line: lineContaining(broken, '"optIn": "yes"'),
      message: "should be a boolean, not 'yes'",
    });
  });
});

describe('letter placeholders', () => {
  it('points at the line of a typo inside a multi-line letter text', () => {
    const text = mutate('maidstone', (doc) =>
      doc.setIn(
        ['letters', 'warning-letter', 'sections', 0, 'text'],
        'Dear {{customerName}},\n\nyour contact has been unreasonable:\n{{reason}}\n',
      ),
    );
    const issue = checkPolicyText(text).errors.find((e) => e.message.includes('{{reason}}'));
    expect(issue?.path).toBe('letters.warning-letter.sections[0].text');
    expect(issue?.line).toBe(lineContaining(text, '{{reason}}'));
    expect(lineContaining(text, '{{reason}}')).toBeGreaterThan(
      lineContaining(text, 'Dear {{customerName}},'),
    );
  });

  it('accepts every placeholder the checker allows, and the letter renders it', () => {
    const base = loadTenantPolicy('maidstone');
    const all = Object.keys(LETTER_PLACEHOLDERS)
      .map((n) => `{{${n}}}`)
      .join(' ');
    const policy = {
      ...base,
      letters: {
        ...base.letters,
        everything: {
          title: all,
          sections: (['why', 'what', 'how-long', 'appeal'] as const).map((purpose) => ({
            key: purpose,
            heading: purpose,
            purpose,
            text: all,
          })),
        },
      },
    };
    const letter = renderLetter(policy, 'everything', {
      customerName: 'A Customer',
      reasons: 'r',
      restrictions: [{ type: 'call-time-limit', parameters: { minutes: 10 } }],
      startsAt: new Date('2026-01-01T00:00:00Z'),
      endsAt: new Date('2026-04-01T00:00:00Z'),
      reviewDue: new Date('2026-04-01T00:00:00Z'),
      stageKey: 'policy-applied',
    });
    expect(letter.body).not.toMatch(/\{\{/);
  });
});

describe('policy checker on damaged text', () => {
  it('reports YAML syntax errors with a line', () => {
    const { errors } = checkPolicyText('slug: x\nroles: [a, b\nname: y\n');
    expect(errors[0]?.path).toBe('(file)');
    expect(errors[0]?.line).toBeGreaterThan(0);
  });

  it('reports invalid JSON', () => {
    expect(checkPolicyText('{ "slug": ', 'json').errors[0]?.message).toMatch(/not valid JSON/);
  });

  it('reports a missing required field at its parent', () => {
    const text = tenantPolicyText('maidstone').replace(/^population: .*\n/m, '');
    expect(checkPolicyText(text).errors).toContainEqual({
      path: 'population',
      line: lineContaining(text, 'slug:'),
      message: 'is missing: add a number',
    });
  });
});
