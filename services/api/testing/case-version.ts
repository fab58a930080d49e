import type { TestApi } from './test-api';

/** What a deciding mutation names: its case, or the proposal, appeal or request on it. */
type CaseRef = { caseId?: unknown; proposalId?: unknown; appealId?: unknown; requestId?: unknown };

const LOOKUP: [keyof CaseRef, string][] = [
  ['caseId', `select version from managed_case where id::text = $1`],
  [
    'proposalId',
    `select c.version from proposal p join managed_case c on c.tenant_id = p.tenant_id and c.id = p.case_id where p.id::text = $1`,
  ],
  [
    'appealId',
    `select c.version from appeal a join managed_case c on c.tenant_id = a.tenant_id and c.id = a.case_id where a.id::text = $1`,
  ],
  [
    'requestId',
    `select c.version from derestriction_request r join managed_case c on c.tenant_id = r.tenant_id and c.id = r.case_id where r.id::text = $1`,
  ],
];

/** The case's current version, as a client reads it from `Case.version` before deciding (0 when unknown). */
export async function caseVersionOf(api: TestApi, ref: CaseRef): Promise<number> {
  for (const [key, sql] of LOOKUP) {
    if (typeof ref[key] !== 'string') continue;
    const [row] = (await api.owner.query(sql, [ref[key]])) as { version: number }[];
    return row?.version ?? 0;
  }
  return 0;
}

/** The input with `expectedCaseVersion` as the client last saw it, unless the test gives one. */
export async function withCaseVersion<T extends CaseRef & { expectedCaseVersion?: unknown }>(
  api: TestApi,
  input: T,
): Promise<T & { expectedCaseVersion: unknown }> {
  if (input.expectedCaseVersion !== undefined) return input as T & { expectedCaseVersion: unknown };
  return { ...input, expectedCaseVersion: await caseVersionOf(api, input) };
}
