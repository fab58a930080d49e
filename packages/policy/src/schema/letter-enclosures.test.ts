import { checkPolicyText } from '../checking/check-policy-text';
import { loadTenantPolicy, TENANT_SLUGS, tenantPolicyText } from '../test-support/tenant-policy';
import { enclosuresOf, salutationOf } from './letter-enclosures';

/** Maidstone's warning letter with a salutation and enclosures of its own. */
const withFrame = (frame: string) =>
  tenantPolicyText('maidstone').replace(
    "  warning-letter:\n    title: Your contact with the Council\n    clause: '§6.3'\n",
    `  warning-letter:\n    title: Your contact with the Council\n    clause: '§6.3'\n${frame}`,
  );

describe('letter salutation and enclosures', () => {
  it('the five councils list the policy wherever their text says a copy is enclosed', () => {
    for (const slug of TENANT_SLUGS) {
      expect(checkPolicyText(tenantPolicyText(slug)).errors).toEqual([]);
    }
    const maidstone = loadTenantPolicy('maidstone');
    expect(maidstone.letters['policy-applied-letter']!.enclosures).toEqual([
      { policyDocument: true },
    ]);
    expect(loadTenantPolicy('london-borough').letters['warning-letter']!.enclosures).toEqual([
      { policyDocument: true },
    ]);
  });

  it('the checker refuses a text promising a copy that the enclosures do not list', () => {
    const text = tenantPolicyText('maidstone').replace(
      '    enclosures: [{ policyDocument: true }]\n',
      '',
    );
    const { errors } = checkPolicyText(text);
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: 'letters.policy-applied-letter.enclosures',
        message: expect.stringMatching(/says a copy is enclosed/),
      }),
    );
  });

  it('the checker allows only the customer’s and council’s names in a salutation', () => {
    const ok = withFrame("    salutation: 'Dear {{customerName}}'\n");
    expect(checkPolicyText(ok).errors).toEqual([]);
    const { errors } = checkPolicyText(withFrame("    salutation: 'Dear {{reasons}},'\n"));
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: 'letters.warning-letter.salutation',
        message: expect.stringMatching(/only \{\{customerName\}\} and \{\{councilName\}\}/),
      }),
    );
    const twice = checkPolicyText(
      withFrame("    enclosures: [{ title: 'Leaflet' }, { title: 'leaflet' }]\n"),
    ).errors;
    expect(twice.map((e) => e.path)).toContain('letters.warning-letter.enclosures[1]');
  });

  it('fills the salutation and lists the enclosures the template names', () => {
    const policy = loadTenantPolicy('maidstone');
    const template = {
      ...policy.letters['warning-letter']!,
      salutation: 'Dear {{customerName}}',
      enclosures: [{ policyDocument: true as const }, { title: 'Leaflet: support' }],
    };
    expect(salutationOf(template, { customerName: 'Siân Ŵyn', councilName: policy.name })).toBe(
      'Dear Siân Ŵyn',
    );
    expect(
      salutationOf(policy.letters['warning-letter'], { customerName: 'x', councilName: 'y' }),
    ).toBeNull();
    expect(enclosuresOf(template, [])).toHaveLength(2);
    // A template written before enclosures existed: the words still enclose the policy.
    expect(enclosuresOf(undefined, ['A copy of our policy is enclosed.'])).toEqual([
      { policyDocument: true },
    ]);
    expect(enclosuresOf(undefined, ['We enclose nothing.'])).toEqual([]);
  });
});
