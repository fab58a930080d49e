import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parseDocument } from 'yaml';
import { TENANT_SLUGS, tenantPolicyText } from '../test-support/tenant-policy';
import { POLICY_JSON_SCHEMA_FILE, policyJsonSchema, policyJsonSchemaText } from './json-schema';

const committedPath = resolve(__dirname, '../..', POLICY_JSON_SCHEMA_FILE);

type SchemaNode = Record<string, unknown>;

/** Every property of every object in the schema, with its path. */
function propertiesOf(node: unknown, path: string, out: [string, SchemaNode][] = []) {
  if (Array.isArray(node)) node.forEach((n, i) => propertiesOf(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const props = (node as SchemaNode).properties as Record<string, SchemaNode> | undefined;
    for (const [name, prop] of Object.entries(props ?? {})) out.push([`${path}.${name}`, prop]);
    for (const [k, v] of Object.entries(node)) propertiesOf(v, `${path}.${k}`, out);
  }
  return out;
}

describe('the policy JSON Schema', () => {
  it('is committed as generated from the zod schema (run `pnpm --filter @conduct/policy run schema`)', () => {
    expect(readFileSync(committedPath, 'utf8')).toBe(policyJsonSchemaText());
  });

  it('describes every field', () => {
    const fields = propertiesOf(policyJsonSchema(), '$');
    expect(fields.length).toBeGreaterThan(100);
    const undocumented = fields.filter(([, p]) => typeof p.description !== 'string');
    expect(undocumented.map(([path]) => path)).toEqual([]);
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(committedPath, 'utf8')) as object,
  );
  const asJson = (text: string) => parseDocument(text, { merge: true }).toJS() as unknown;

  it.each(TENANT_SLUGS.map((s) => [s]))('accepts %s and is named in its policy.yaml', (slug) => {
    const text = tenantPolicyText(slug);
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../packages/policy/policy.schema.json',
    );
    expect(validate(asJson(text))).toBe(true);
  });

  it('refuses a misspelt field and a bad value, as an editor would show', () => {
    const text = tenantPolicyText('maidstone')
      .replace('benchmarking: { optIn: true }', 'benchmarking: { optIn: yes }')
      .replace(/^initialStage:/m, 'initialstage: concern\ninitialStage:');
    expect(validate(asJson(text))).toBe(false);
    const errors = (validate.errors ?? []).map((e) => [e.instancePath, e.keyword]);
    expect(errors).toContainEqual(['/benchmarking/optIn', 'type']);
    expect(errors).toContainEqual(['', 'additionalProperties']);
  });
});
