import { checkPolicyText } from '../checking/check-policy-text';
import { loadTenantPolicy, tenantPolicyText } from '../test-support/tenant-policy';
import { fillTemplate, placeholdersIn, templateProblems } from './letter-template';
import { renderLetter } from '../letters/render-letter';

const utc = (d: string) => new Date(`${d}T00:00:00Z`);

describe('letter templates (Handlebars)', () => {
  it('fills facts without escaping and never reads a value as a template', () => {
    expect(
      fillTemplate('Dear {{customerName}},', { customerName: "Siân O'Brien {{reasons}}" }),
    ).toBe("Dear Siân O'Brien {{reasons}},");
  });

  it('keeps a conditional sentence only when there is something to say', () => {
    const text =
      'They apply {{period}}.{{#if reviewDue}} We will review them by {{reviewDue}}.{{/if}}';
    expect(placeholdersIn(text)).toEqual([
      { name: 'period', conditional: false },
      { name: 'reviewDue', conditional: true },
      { name: 'reviewDue', conditional: true },
    ]);
    expect(fillTemplate(text, { period: 'for 3 months', reviewDue: '' })).toBe(
      'They apply for 3 months.',
    );
  });

  it('names unknown placeholders and bad syntax, for the checker', () => {
    expect(templateProblems('Dear {{customer}},')[0]).toMatch(
      /\{\{customer\}\}, which is not a letter fact/,
    );
    expect(templateProblems('Dear {{customerName},')[0]).toMatch(/is not a valid template/);
    expect(templateProblems('{{#if reviewDue}}by {{reviewDue}}{{/if}}')).toEqual([]);
  });

  it('the checker reports a letter placeholder that is not a fact, with its path', () => {
    const text = tenantPolicyText('maidstone').replace(
      "text: '{{appealRoute}}' }",
      "text: '{{appealRoot}}' }",
    );
    const { errors } = checkPolicyText(text);
    expect(errors.some((e) => /appealRoot/.test(e.message) && /letters/.test(e.path))).toBe(true);
  });

  it('renders the councils’ existing {{name}} templates as before', () => {
    const policy = loadTenantPolicy('maidstone');
    const letter = renderLetter(policy, 'warning-letter', {
      customerName: 'Łukasz Wójcik',
      reasons: 'repeated calls',
      restrictions: [],
      startsAt: utc('2026-01-05'),
      endsAt: null,
      stageKey: 'warning',
    });
    expect(letter.sections[0]!.text).toContain('Dear Łukasz Wójcik, your contact');
  });
});

describe('letters name who decided and what was decided', () => {
  const base = loadTenantPolicy('london-borough');
  const facts = {
    customerName: 'A Customer',
    reasons: 'r',
    restrictions: [],
    startsAt: new Date('2026-01-01T00:00:00Z'),
    endsAt: null,
    reviewDue: new Date('2027-01-01T00:00:00Z'),
    // A stage that restricts needs why/what/how-long/appeal sections; a warning does not.
    stageKey: 'warning',
  };
  const policy = {
    ...base,
    letters: {
      ...base.letters,
      who: {
        title: 'Decision',
        sections: [
          {
            key: 'why',
            heading: 'Why',
            purpose: 'why' as const,
            text: '{{decidedBy}}: {{outcome}}',
          },
        ],
      },
    },
  };
  const why = (extra: object) =>
    renderLetter(policy, 'who', { ...facts, ...extra }).sections[0]!.text;

  it('the deputy who decided, in the policy’s words, and the outcome in words', () => {
    expect(why({ deciderRole: 'director', outcome: 'extend' })).toBe('Director: extended');
    expect(why({ deciderRole: 'chief-executive' })).toBe(
      `Chief Executive: moved to ${base.stages.warning!.label}`,
    );
  });

  it('a decision the system takes is signed by the council', () => {
    expect(why({ outcome: 'end-date-reached' })).toBe(
      'The London Borough: ended on their end date',
    );
  });
});
