import { useState } from 'react';
import { Link } from 'react-router';
import { request, saveBlob, useQuery } from '../api';
import { graphql } from '../gql';
import type { RegisterQuery } from '../gql/graphql';
import { Button, Page, Pending, TextInput } from '../ui';

const RegisterDocument = graphql(`
  query Register {
    register(first: 100) {
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

/** The council's register, in its own columns; filter and download what is shown as CSV. */
export function RegisterPage() {
  const loaded = useQuery(() => request(RegisterDocument), []);
  const [filter, setFilter] = useState('');
  return (
    <Page title="Register">
      <Pending loaded={loaded}>
        {({ register }) => {
          const first = register.edges[0]?.node;
          const columns = first ? first.cells.map((c) => ({ key: c.key, label: c.label })) : [];
          const words = filter.toLowerCase();
          const rows = register.edges
            .map((e) => e.node)
            .filter(
              (n) =>
                !words ||
                [n.caseReference, ...n.cells.map(cellText)].join(' ').toLowerCase().includes(words),
            );
          return (
            <>
              <div className="moj-filter-layout">
                <TextInput
                  id="register-filter"
                  label="Filter the register"
                  hint="Any words in any column."
                  value={filter}
                  onChange={setFilter}
                />
                <Button
                  secondary
                  onClick={() =>
                    saveBlob(new Blob([toCsv(columns, rows)], { type: 'text/csv' }), 'register.csv')
                  }
                >
                  Download CSV
                </Button>
              </div>
              <p className="govuk-body" aria-live="polite">
                {rows.length} of {register.totalCount} entries
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
