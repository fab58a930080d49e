import { roleList } from './keys';
import type { AppealRoute } from './appeals';
import type { RoleRefs } from './keys';
import type { Policy } from './policy';
import { isLetterPlaceholder, LETTER_PLACEHOLDERS } from './letter-placeholders';
import { placeholdersIn, type PlaceholderUse } from './letter-template';
import { promisesEnclosure, SALUTATION_PLACEHOLDERS } from './letter-enclosures';
import type { ReviewRule, Stage } from './stages';

export type PathSegment = string | number;
export interface RawIssue {
  path: PathSegment[];
  message: string;
  /** Text inside the value at `path` the issue is about, to point at its own line (a placeholder in a long letter). */
  near?: string;
}

const REQUIRED_LETTER_PURPOSES = ['why', 'what', 'how-long', 'appeal'] as const;
const RESTRICTIVE_KINDS = new Set(['restriction', 'additional-action']);

/**
 * Rules zod cannot see on its own: every key refers to something that exists,
 * every stage can be reached, restrictive stages are reviewed and written to the
 * customer, and every decision either has an appeal route or signposts the Ombudsman.
 */
export function crossReferenceIssues(policy: Policy): RawIssue[] {
  const issues: RawIssue[] = [];
  const add = (path: PathSegment[], message: string, near?: string) =>
    issues.push(near === undefined ? { path, message } : { path, message, near });

  const roleRefsExist = (refs: RoleRefs | undefined, path: PathSegment[]) => {
    if (refs === undefined) return;
    const list = typeof refs === 'string' ? [refs] : refs;
    list.forEach((role, i) => {
      if (!(role in policy.roles)) {
        add(
          typeof refs === 'string' ? path : [...path, i],
          `'${role}' is not a role of this policy`,
        );
      }
    });
  };
  const keysExist = (
    keys: string[],
    catalogue: Record<string, unknown>,
    path: PathSegment[],
    what: string,
  ) =>
    keys.forEach((k, i) => {
      if (!(k in catalogue)) add([...path, i], `'${k}' is not ${what} of this policy`);
    });
  const stageExists = (stageKey: string | undefined, path: PathSegment[]) => {
    if (stageKey !== undefined && !(stageKey in policy.stages)) {
      add(path, `'${stageKey}' is not a stage of this policy`);
    }
  };
  const templateExists = (template: string | undefined, path: PathSegment[]) => {
    if (template !== undefined && !(template in policy.letters)) {
      add(path, `'${template}' is not a letter template of this policy`);
    }
  };
  const appealValid = (appeal: AppealRoute | undefined, path: PathSegment[], what: string) => {
    if (appeal === undefined) {
      add(
        path,
        `${what} needs an appeal route: give "route: internal" with the hearer, or "route: none" with the Ombudsman text`,
      );
    } else if (appeal.route === 'internal') {
      roleRefsExist(appeal.hearer, [...path, 'hearer']);
    }
  };

  stageExists(policy.initialStage, ['initialStage']);

  const transitionKeys = new Map<string, string>();
  for (const [stageKey, stage] of Object.entries(policy.stages)) {
    for (const t of stage.transitions) {
      if (transitionKeys.has(t.key)) {
        const first = transitionKeys.get(t.key);
        const idx = stage.transitions.indexOf(t);
        add(
          ['stages', stageKey, 'transitions', idx, 'key'],
          `transition key '${t.key}' is already used in stage '${first}'; keys must be unique`,
        );
      } else transitionKeys.set(t.key, stageKey);
    }
  }

  for (const [stageKey, stage] of Object.entries(policy.stages)) {
    const base: PathSegment[] = ['stages', stageKey];
    keysExist(stage.measures, policy.restrictionTypes, [...base, 'measures'], 'a restriction type');
    checkDuration(stage, base, add);

    stage.transitions.forEach((t, ti) => {
      const tp: PathSegment[] = [...base, 'transitions', ti];
      stageExists(t.to, [...tp, 'to']);
      keysExist(t.consultations, policy.roles, [...tp, 'consultations'], 'a role');
      keysExist(t.inform, policy.roles, [...tp, 'inform'], 'a role');
      keysExist(t.checks, policy.checks, [...tp, 'checks'], 'a pre-action check');
      templateExists(t.letter, [...tp, 'letter']);
      t.approval.forEach((step, si) => {
        roleRefsExist(step.role, [...tp, 'approval', si, 'role']);
        roleRefsExist(step.deputy?.role, [...tp, 'approval', si, 'deputy', 'role']);
      });
      t.independence.forEach((rule, ri) => {
        roleRefsExist(rule.actingAs, [...tp, 'independence', ri, 'actingAs']);
        rule.transitions?.forEach((k, ki) => {
          if (!transitionKeys.has(k)) {
            add(
              [...tp, 'independence', ri, 'transitions', ki],
              `'${k}' is not a transition of this policy`,
            );
          }
        });
      });
      if (t.skip) {
        keysExist(
          t.skip.behaviourCategories,
          policy.behaviourCategories,
          [...tp, 'skip', 'behaviourCategories'],
          'a behaviour category',
        );
        if (t.skip.behaviourCategories.length === 0 && t.skip.minSeverity === undefined) {
          add([...tp, 'skip'], 'a skip rule must name behaviour categories or a minimum severity');
        }
      }
      if (t.automatic) return;
      if (
        t.decidedAlone &&
        t.independence.some((r) => r.rule !== 'not-involved-in-previous-decisions')
      ) {
        add(
          [...tp, 'decidedAlone'],
          'a transition decided by one person cannot also require distinct people for its steps',
        );
      }
      if (t.approval.length < 2) {
        add(
          [...tp, 'approval'],
          'needs at least two steps (propose, then decide) so that nobody approves their own proposal',
        );
      } else {
        if (t.approval[0]?.step !== 'propose') {
          add(
            [...tp, 'approval', 0, 'step'],
            "the first step of an approval chain must be 'propose'",
          );
        }
        if (t.approval[t.approval.length - 1]?.step !== 'decide') {
          add(
            [...tp, 'approval', t.approval.length - 1, 'step'],
            "the last step of an approval chain must be 'decide'",
          );
        }
        t.approval.slice(1).forEach((s, i) => {
          if (s.step === 'propose') {
            add([...tp, 'approval', i + 1, 'step'], "only the first step may be 'propose'");
          }
        });
      }
      appealValid(t.appeal, [...tp, 'appeal'], `transition '${t.key}'`);
      const target = policy.stages[t.to];
      if (target && RESTRICTIVE_KINDS.has(target.kind) && t.letter === undefined) {
        add(
          [...tp, 'letter'],
          `moving to '${t.to}' restricts the customer, so it must name the letter template that tells them`,
        );
      }
      if (t.letter !== undefined && target && RESTRICTIVE_KINDS.has(target.kind)) {
        const template = policy.letters[t.letter];
        if (template) {
          const missing = REQUIRED_LETTER_PURPOSES.filter(
            (p) => !template.sections.some((s) => s.purpose === p),
          );
          if (missing.length > 0) {
            add(
              ['letters', t.letter, 'sections'],
              `a restriction letter must have sections for ${missing.join(', ')} (used by '${t.key}')`,
            );
          }
        }
      }
    });

    const r = stage.review;
    const rp: PathSegment[] = [...base, 'review'];
    if (r) {
      roleRefsExist(r.reviewers, [...rp, 'reviewers']);
      roleRefsExist(r.adjustableCadence?.setBy, [...rp, 'adjustableCadence', 'setBy']);
      keysExist(r.consultations, policy.roles, [...rp, 'consultations'], 'a role');
      if (r.noLetterRequires) {
        keysExist(
          r.noLetterRequires.consultations,
          policy.roles,
          [...rp, 'noLetterRequires', 'consultations'],
          'a role',
        );
      }
      templateExists(r.letter, [...rp, 'letter']);
      for (const [outcome, template] of Object.entries(r.letters)) {
        templateExists(template, [...rp, 'letters', outcome]);
      }
      for (const outcome of r.outcomes) {
        if (outcome !== 'escalate' && !r.letters[outcome] && !r.letter) {
          add(
            [...rp, 'letters'],
            `the review can '${outcome}', so it must name the letter that tells the customer`,
          );
        }
      }
      stageExists(r.liftTo, [...rp, 'liftTo']);
      stageExists(r.escalateTo, [...rp, 'escalateTo']);
      if (r.outcomes.includes('lift') && r.liftTo === undefined) {
        add(
          [...rp, 'liftTo'],
          "the review can 'lift', so it must say which stage the case moves to (liftTo)",
        );
      }
      if (r.outcomes.includes('escalate')) {
        if (r.escalateTo === undefined) {
          add(
            [...rp, 'escalateTo'],
            "the review can 'escalate', so it must say to which stage (escalateTo)",
          );
        } else if (!stage.transitions.some((t) => t.to === r.escalateTo)) {
          add(
            [...rp, 'escalateTo'],
            `there is no transition from '${stageKey}' to '${r.escalateTo}' to carry out an escalation`,
          );
        }
      }
      if (
        r.everyMonths === undefined &&
        r.indefiniteEveryMonths === undefined &&
        !r.atEndOfPeriod
      ) {
        add(rp, 'a review needs a cadence: everyMonths, atEndOfPeriod or indefiniteEveryMonths');
      }
      if (
        r.atEndOfPeriod &&
        r.everyMonths === undefined &&
        r.indefiniteEveryMonths === undefined &&
        stage.duration?.indefiniteAllowed
      ) {
        add(
          rp,
          'indefinite restrictions are allowed here, so say how often they are reviewed (indefiniteEveryMonths)',
        );
      }
      reviewOutcomeReferences(r, rp, add);
      reminderWithinCadence(stage, r, rp, add);
      appealValid(r.appeal, [...rp, 'appeal'], `the review of '${stageKey}'`);
    } else if (RESTRICTIVE_KINDS.has(stage.kind)) {
      add(base, `'${stageKey}' restricts the customer, so it must have a review cadence (review:)`);
    }
  }

  const d = policy.derestriction;
  if (d) {
    roleRefsExist(d.decidedBy, ['derestriction', 'decidedBy']);
    keysExist(d.consultations, policy.roles, ['derestriction', 'consultations'], 'a role');
    if (d.appeal?.route === 'internal')
      roleRefsExist(d.appeal.hearer, ['derestriction', 'appeal', 'hearer']);
  }
  Object.entries(policy.checks).forEach(([k, c]) =>
    roleRefsExist(c.attestedBy, ['checks', k, 'attestedBy']),
  );
  roleRefsExist(policy.register.readers, ['register', 'readers']);
  roleRefsExist(policy.legalHolds?.setBy, ['legalHolds', 'setBy']);
  roleRefsExist(policy.legalHolds?.releasedBy, ['legalHolds', 'releasedBy']);
  roleRefsExist(policy.letterSending.markedSentBy, ['letterSending', 'markedSentBy']);
  policy.notifications.forEach((n, i) => {
    const np: PathSegment[] = ['notifications', i];
    roleRefsExist(n.notify, [...np, 'notify']);
    keysExist(
      n.behaviourCategories,
      policy.behaviourCategories,
      [...np, 'behaviourCategories'],
      'a behaviour category',
    );
    if (
      n.on === 'contact-logged' &&
      n.behaviourCategories.length === 0 &&
      n.minSeverity === undefined
    ) {
      add(np, 'a contact-logged notification must name behaviour categories or a minimum severity');
    }
  });
  roleRefsExist(policy.sensitiveFields.safeguardingReaders, [
    'sensitiveFields',
    'safeguardingReaders',
  ]);

  const ol = policy.outcomeLetters;
  for (const [outcome, template] of Object.entries(ol.appeal)) {
    templateExists(template, ['outcomeLetters', 'appeal', outcome]);
  }
  for (const [outcome, template] of Object.entries(ol.derestriction)) {
    templateExists(template, ['outcomeLetters', 'derestriction', outcome]);
  }
  templateExists(ol.expiry, ['outcomeLetters', 'expiry']);
  templateExists(ol.monitoringEnd, ['outcomeLetters', 'monitoringEnd']);
  for (const [key, type] of Object.entries(policy.restrictionTypes)) {
    if (type.authority) {
      keysExist(
        roleList(type.authority),
        policy.roles,
        ['restrictionTypes', key, 'authority'],
        'a role',
      );
    }
  }

  const ids = new Set<string>();
  policy.retention.forEach((rule, i) => {
    if (ids.has(rule.id))
      add(['retention', i, 'id'], `retention rule id '${rule.id}' is used twice`);
    ids.add(rule.id);
  });

  for (const [letterKey, template] of Object.entries(policy.letters)) {
    const seen = new Set<string>();
    unknownPlaceholders(template.title, ['letters', letterKey, 'title'], add);
    template.sections.forEach((s, i) => {
      if (seen.has(s.key))
        add(['letters', letterKey, 'sections', i, 'key'], `section key '${s.key}' is used twice`);
      seen.add(s.key);
      unknownPlaceholders(s.text, ['letters', letterKey, 'sections', i, 'text'], add);
    });
    letterFrame(template, ['letters', letterKey], add);
  }

  unreachableStages(policy).forEach((stageKey) =>
    add(
      ['stages', stageKey],
      `stage '${stageKey}' cannot be reached from '${policy.initialStage}' by any transition`,
    ),
  );
  return issues;
}

type Add = (path: PathSegment[], message: string, near?: string) => void;

function unknownPlaceholders(text: string, path: PathSegment[], add: Add): void {
  let uses: PlaceholderUse[];
  try {
    uses = placeholdersIn(text);
  } catch (err) {
    add(path, `is not a valid template: ${(err as Error).message.split('\n')[0]}`);
    return;
  }
  for (const { name } of uses) {
    if (!isLetterPlaceholder(name)) {
      const written = `{{${name}}}`;
      add(
        path,
        `'${written}' is not a letter placeholder; use one of: ${Object.keys(LETTER_PLACEHOLDERS).join(', ')}`,
        `{{${name}`,
      );
    }
  }
}

/** The salutation uses only the facts known when printing; an enclosure the text promises is listed. */
function letterFrame(template: Policy['letters'][string], path: PathSegment[], add: Add): void {
  if (template.salutation !== undefined) {
    unknownPlaceholders(template.salutation, [...path, 'salutation'], add);
    try {
      for (const { name } of placeholdersIn(template.salutation)) {
        if (
          isLetterPlaceholder(name) &&
          !(SALUTATION_PLACEHOLDERS as readonly string[]).includes(name)
        )
          add(
            [...path, 'salutation'],
            `a salutation may use only ${SALUTATION_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' and ')}`,
            `{{${name}`,
          );
      }
    } catch {
      // Reported by unknownPlaceholders.
    }
  }
  const texts = [template.title, ...template.sections.map((s) => s.text)];
  const listsPolicy = template.enclosures?.some((e) => 'policyDocument' in e) ?? false;
  if (promisesEnclosure(texts) && !listsPolicy)
    add(
      [...path, 'enclosures'],
      'the text says a copy is enclosed: list { policyDocument: true } under enclosures',
    );
  const titles = new Set<string>();
  template.enclosures?.forEach((e, i) => {
    const name = 'title' in e ? e.title.toLowerCase() : 'policy document';
    if (titles.has(name)) add([...path, 'enclosures', i], 'this enclosure is listed twice');
    titles.add(name);
  });
}

/** A review setting that only matters for an outcome the review cannot give is a misreading. */
function reviewOutcomeReferences(r: ReviewRule, rp: PathSegment[], add: Add): void {
  const needs: [keyof ReviewRule, string, boolean][] = [
    ['liftTo', 'lift', r.liftTo !== undefined],
    ['escalateTo', 'escalate', r.escalateTo !== undefined],
    ['extendRequiresCustomerComment', 'extend', r.extendRequiresCustomerComment],
  ];
  for (const outcome of Object.keys(r.outcomeConditions)) {
    if (!r.outcomes.includes(outcome as ReviewRule['outcomes'][number])) {
      add(
        [...rp, 'outcomeConditions', outcome],
        `a condition on the outcome '${outcome}', which is not in this review's outcomes`,
      );
    }
  }
  for (const [field, outcome, used] of needs) {
    if (used && !r.outcomes.includes(outcome as ReviewRule['outcomes'][number])) {
      add(
        [...rp, field],
        `'${field}' refers to the outcome '${outcome}', which is not in this review's outcomes`,
      );
    }
  }
}

/** Whole months are at least 28 days, so a reminder longer than that would come before the previous review. */
const SHORTEST_MONTH_DAYS = 28;

function reminderWithinCadence(stage: Stage, r: ReviewRule, rp: PathSegment[], add: Add): void {
  const cadences = [
    r.everyMonths,
    r.indefiniteEveryMonths,
    r.atEndOfPeriod ? (stage.duration?.maxMonths ?? stage.duration?.defaultMonths) : undefined,
  ].filter((m): m is number => m !== undefined);
  if (cadences.length === 0) return;
  const shortest = Math.min(...cadences);
  if (r.reminderDaysBefore >= shortest * SHORTEST_MONTH_DAYS) {
    add(
      [...rp, 'reminderDaysBefore'],
      `the reminder (${r.reminderDaysBefore} days before) is as long as the shortest review interval (${shortest} month(s)); it must be under ${shortest * SHORTEST_MONTH_DAYS} days`,
    );
  }
}

function checkDuration(
  stage: Stage,
  base: PathSegment[],
  add: (p: PathSegment[], m: string) => void,
) {
  const d = stage.duration;
  if (
    d?.defaultMonths !== undefined &&
    d.maxMonths !== undefined &&
    d.defaultMonths > d.maxMonths
  ) {
    add(
      [...base, 'duration', 'defaultMonths'],
      `the default (${d.defaultMonths} months) is longer than the maximum (${d.maxMonths} months)`,
    );
  }
}

function unreachableStages(policy: Policy): string[] {
  if (!(policy.initialStage in policy.stages)) return [];
  const seen = new Set<string>([policy.initialStage]);
  const queue = [policy.initialStage];
  while (queue.length > 0) {
    const stage = policy.stages[queue.shift() as string];
    if (!stage) continue;
    const next = [
      ...stage.transitions.map((t) => t.to),
      ...(stage.review?.liftTo ? [stage.review.liftTo] : []),
      ...(stage.review?.escalateTo ? [stage.review.escalateTo] : []),
    ];
    for (const k of next) {
      if (!seen.has(k) && k in policy.stages) {
        seen.add(k);
        queue.push(k);
      }
    }
  }
  return Object.keys(policy.stages).filter((k) => !seen.has(k));
}
