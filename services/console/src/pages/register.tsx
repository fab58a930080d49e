import { useState } from 'react';
import { Link } from 'react-router';
import { request, saveBlob, useQuery } from '../api';
import { graphql } from '../gql';
import type { RegisterQuery } from '../gql/graphql';
import { useCouncil } from '../app';
import { Button, Checkbox, Form, Page, Pending, Select, catalogueOptions } from '../ui';

const RegisterDocument = graphql(`
  query Register($scope: RegisterScope!, $filter: RegisterFilterInput) {
    register(first: 100, scope: $scope, filter: $filter) {
      totalCount
      edges {
        node {
          caseId
          caseReference
          cells {
            key
            label
            value
            withheld
          }
        }
      }
    }
  }
`);

type Entry = RegisterQuery['register']['edges'][number]['node'];

const cellText = (c: Entry['cells'][number]) => (c.withheld ? 'Withheld' : (c.value ?? ''));

/** RFC 4180 CSV of what is on screen, with a formula guard for spreadsheet apps. */
function toCsv(columns: { key: string; label: string }[], rows: Entry[]): string {
  const quote = (v: string) => `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"`;
  const lines = [['Case', ...columns.map((c) => c.label)].map(quote).join(',')];
  for (const row of rows)
    lines.push(
      [
        row.caseReference,
        ...columns.map((col) =>
          cellText(
            row.cells.find((c) => c.key === col.key) ?? {
              key: '',
              label: '',
              value: '',
              withheld: false,
            },
          ),
        ),
      ]
        .map(quote)
        .join(','),
    );
  return lines.join('\r\n') + '\r\n';
}

interface Filters {
  scope: 'CURRENT' | 'ALL';
  stage: string;
  restrictionType: string;
  overdue: boolean;
}

const NO_FILTERS: Filters = { scope: 'CURRENT', stage: '', restrictionType: '', overdue: false };

/** The council's register, in its own columns, filtered by the API; download what is shown as CSV. */
export function RegisterPage() {
  const council = useCouncil();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const loaded = useQuery(
    () =>
      request(RegisterDocument, {
        scope: applied.scope,
        filter: {
          stage: applied.stage || undefined,
          restrictionType: applied.restrictionType || undefined,
          reviewDueBefore: applied.overdue ? new Date().toISOString() : undefined,
        },
      }),
    [applied],
  );
  const set = (change: Partial<Filters>) => setDraft((d) => ({ ...d, ...change }));
  return (
    <Page title="Register">
      <Form
        form={{
          problem: loaded.problem,
          busy: loaded.loading,
          submit: () => Promise.resolve(true),
        }}
        onSubmit={() => setApplied(draft)}
      >
        <div className="conduct-filters">
          <Select
            id="register-scope"
            label="Cases"
            value={draft.scope}
            options={[
              { value: 'CURRENT', label: 'Open cases' },
              { value: 'ALL', label: 'Open, closed and dormant cases' },
            ]}
            onChange={(v) => set({ scope: v as Filters['scope'] })}
            apiField="scope"
          />
          <Select
            id="register-stage"
            label="Stage"
            value={draft.stage}
            placeholder="Any stage"
            options={catalogueOptions(council.policyCatalogue.stages)}
            onChange={(v) => set({ stage: v })}
            apiField="filter.stage"
          />
          <Select
            id="register-measure"
            label="Measure in force"
            value={draft.restrictionType}
            placeholder="Any or none"
            options={council.policyCatalogue.measures.map((m) => ({
              value: m.key,
              label: m.label,
            }))}
            onChange={(v) => set({ restrictionType: v })}
            apiField="filter.restrictionType"
          />
        </div>
        <Checkbox
          id="register-overdue"
          label="Only cases whose review is overdue"
          checked={draft.overdue}
          onChange={(v) => set({ overdue: v })}
        />
        <Button type="submit">Apply filters</Button>
      </Form>
      <Pending loaded={{ ...loaded, problem: undefined }}>
        {({ register }) => {
          const first = register.edges[0]?.node;
          const columns = first ? first.cells.map((c) => ({ key: c.key, label: c.label })) : [];
          const rows = register.edges.map((e) => e.node);
          return (
            <>
              <Button
                secondary
                onClick={() =>
                  saveBlob(new Blob([toCsv(columns, rows)], { type: 'text/csv' }), 'register.csv')
                }
              >
                Download CSV
              </Button>
              <p className="govuk-body" aria-live="polite">
                <span data-testid="register-count">{register.totalCount}</span>{' '}
                {register.totalCount === 1 ? 'entry' : 'entries'}
                {rows.length < register.totalCount ? ` (the first ${rows.length} shown)` : ''}
              </p>
              <div
                className="conduct-table-wrapper"
                tabIndex={0}
                role="region"
                aria-label="Register entries"
              >
                <table className="govuk-table" data-module="moj-sortable-table">
                  <caption className="govuk-table__caption govuk-visually-hidden">Register</caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">
                        Case
                      </th>
                      {columns.map((c) => (
                        <th scope="col" className="govuk-table__header" key={c.key}>
                          {c.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {rows.map((r) => (
                      <tr className="govuk-table__row" key={r.caseId}>
                        <td className="govuk-table__cell">
                          <Link className="govuk-link" to={`/cases/${r.caseId}`}>
                            {r.caseReference}
                          </Link>
                        </td>
                        {columns.map((col) => {
                          const cell = r.cells.find((c) => c.key === col.key);
                          return (
                            <td className="govuk-table__cell" key={col.key}>
                              {cell ? cellText(cell) : ''}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Pending>
    </Page>
  );
}
