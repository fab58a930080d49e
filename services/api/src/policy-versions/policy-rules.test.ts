import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPolicyText, type Policy } from '@conduct/policy';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { canMoveCaseToPolicy } from './case-move';
import { diffPolicies } from './policy-diff';

const load = (slug: string): Policy => {
  const { policy, errors } = checkPolicyText(
    readFileSync(join(TENANTS_DIR, slug, 'policy.yaml'), 'utf8'),
  );
  if (!policy) throw new Error(JSON.stringify(errors));
  return policy;
};

describe('policy diff', () => {
  const base = load('cheshire-west-and-chester');

  it('is empty for the same policy', () => {
    expect(diffPolicies(base, structuredClone(base))).toEqual([]);
  });

  it('names changes in the council’s terms', () => {
    const next = structuredClone(base);
    next.stages['stage-2']!.review!.everyMonths = 3;
    next.stages['stage-1']!.duration!.defaultMonths = 4;
    delete next.stages['dormant'];
    next.roles['auditor'] = { label: 'Auditor' } as Policy['roles'][string];
    expect(diffPolicies(base, next).map((c) => c.description)).toEqual([
      'role auditor added',
      'default duration of stage-1: 6 → 4 months',
      'review cadence of stage-2: 6 → 3 months',
      'stage dormant removed',
    ]);
  });
});

describe('moving a case to another policy version', () => {
  const from = load('cheshire-west-and-chester');

  it('is allowed when the stage and the measures in force exist in the new version', () => {
    const to = structuredClone(from);
    to.stages['stage-2']!.review!.everyMonths = 3;
    expect(
      canMoveCaseToPolicy(from, to, {
        stage: 'stage-2',
        status: 'open',
        activeRestrictionTypes: ['emails-diverted'],
      }),
    ).toEqual({ allowed: true });
  });

  it('is refused when the stage, its kind, the open move or a measure is gone, or the case is closed', () => {
    const to = structuredClone(from);
    delete to.stages['stage-1'];
    delete to.restrictionTypes['emails-diverted'];
    to.stages['stage-2']!.kind = 'warning';
    const codes = (c: Parameters<typeof canMoveCaseToPolicy>[2]) => {
      const v = canMoveCaseToPolicy(from, to, c);
      return v.allowed ? [] : v.reasons.map((r) => r.code);
    };
    expect(codes({ stage: 'stage-1', status: 'open', activeRestrictionTypes: [] })).toEqual([
      'NO_SUCH_STAGE',
    ]);
    expect(
      codes({ stage: 'stage-2', status: 'closed', activeRestrictionTypes: ['emails-diverted'] }),
    ).toEqual(['CASE_NOT_OPEN', 'STAGE_KIND_CHANGED', 'UNKNOWN_RESTRICTION']);
    expect(
      codes({
        stage: 'concern',
        status: 'open',
        openProposal: 'no-such-move',
        activeRestrictionTypes: [],
      }),
    ).toEqual(['NO_SUCH_TRANSITION']);
  });
});
