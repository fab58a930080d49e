import { useState } from 'react';
import { Link } from 'react-router';
import { request, saveBlob, useQuery } from '../api';
import { graphql } from '../gql';
import type { RegisterQuery, RegisterSortKey, SortDirection } from '../gql/graphql';
import { useCouncil } from '../council';
import {
  Button,
  Checkbox,
  Form,
  Page,
  Pending,
  Select,
  catalogueOptions,
  formatDate,
  useForm,
} from '../ui';

const RegisterDocument = graphql(`
  query Register(
    $scope: RegisterScope!
    $filter: RegisterFilterInput
    $sort: RegisterSortInput
    $first: Int!
    $after: String
  ) {
    register(first: $first, after: $after, scope: $scope, filter: $filter, sort: $sort) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          caseId
          caseReference
          openedAt
          reviewDueAt
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

/** Entries per page on screen (the API's most is 100); the CSV gathers every page. */
const PAGE_SIZES = ['10', '25', '50', '100'];

type Entry = RegisterQuery['register']['edges'][number]['node'];

const cellText = (c: Entry['cells'][number]) => (c.withheld ? 'Withheld' : (c.value ?? ''));

/** RFC 4180 CSV of what is on screen, with a formula guard for spreadsheet apps. */
function toCsv(columns: { key: string; label: string }[], rows: Entry[]): string {
  const quote = (v: string) => `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"`;
  const lines = [
    ['Case', 'Opened', 'Next review', ...columns.map((c) => c.label)].map(quote).join(','),
  ];
  for (const row of rows)
    lines.push(
      [
        row.caseReference,
        row.openedAt.slice(0, 10),
        row.reviewDueAt?.slice(0, 10) ?? '',
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

type SortKey = RegisterSortKey;
interface Sort {
  by: SortKey;
  direction: SortDirection;
}
const NEWEST_FIRST: Sort = { by: 'OPENED', direction: 'DESC' };

/** The register's query for the applied filters and order, from `after`. */
const registerVariables = (f: Filters, sort: Sort, first: number, after?: string) => ({
  scope: f.scope,
  filter: {
    stage: f.stage || undefined,
    restrictionType: f.restrictionType || undefined,
    reviewDueBefore: f.overdue ? new Date().toISOString() : undefined,
  },
  sort,
  first,
  after,
});

/** Every entry matching the filters, in the order shown: page after page of the API's cursor. */
async function everyEntry(f: Filters, sort: Sort): Promise<Entry[]> {
  const all: Entry[] = [];
  let after: string | undefined;
  do {
    const { register } = await request(RegisterDocument, registerVariables(f, sort, 100, after));
    all.push(...register.edges.map((e) => e.node));
    after = register.pageInfo.hasNextPage ? (register.pageInfo.endCursor ?? undefined) : undefined;
  } while (after);
  return all;
}

/**
 * The council's register, in its own columns, filtered, ordered and paged by
 * the API (its cursor); the CSV holds every matching entry.
 */
export function RegisterPage() {
  const council = useCouncil();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<Sort>(NEWEST_FIRST);
  const [pageSize, setPageSize] = useState('50');
  // The cursors of the pages before this one (keyset paging goes forward; back is remembered).
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const after = pages.at(-1);
  const loaded = useQuery(
    () => request(RegisterDocument, registerVariables(applied, sort, Number(pageSize), after)),
    [applied, sort, after, pageSize],
  );
  const csv = useForm();
  const set = (change: Partial<Filters>) => setDraft((d) => ({ ...d, ...change }));
  const sortBy = (by: SortKey) => {
    setSort((s) => ({
      by,
      direction: s.by === by ? (s.direction === 'ASC' ? 'DESC' : 'ASC') : 'ASC',
    }));
    setPages([undefined]);
  };
  const pageNumber = pages.length;
  return (
    <Page title="Register">
      <Form
        form={{
          problem: loaded.problem,
          busy: loaded.loading,
          submit: () => Promise.resolve(true),
        }}
        onSubmit={() => {
          setApplied(draft);
          setPages([undefined]);
        }}
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
            options={catalogueOptions(council.policyCatalogue.measures)}
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
      <Select
        id="register-page-size"
        label="Entries per page"
        value={pageSize}
        options={PAGE_SIZES.map((n) => ({ value: n, label: n }))}
        onChange={(v) => {
          setPageSize(v);
          setPages([undefined]);
        }}
      />
      <Pending loaded={{ ...loaded, problem: undefined }}>
        {({ register }) => {
          const first = register.edges[0]?.node;
          const columns = first ? first.cells.map((c) => ({ key: c.key, label: c.label })) : [];
          const rows = register.edges.map((e) => e.node);
          const from = (pageNumber - 1) * Number(pageSize) + 1;
          return (
            <>
              <Form
                form={csv}
                onSubmit={() =>
                  void csv.submit(async () => {
                    const all = await everyEntry(applied, sort);
                    saveBlob(new Blob([toCsv(columns, all)], { type: 'text/csv' }), 'register.csv');
                  })
                }
              >
                <Button type="submit" secondary busy={csv.busy}>
                  Download CSV (every matching entry)
                </Button>
              </Form>
              <p className="govuk-body" aria-live="polite">
                <span data-testid="register-count">{register.totalCount}</span>{' '}
                {register.totalCount === 1 ? 'entry' : 'entries'}
                {register.totalCount > rows.length && rows.length > 0 && (
                  <span data-testid="register-range">
                    {' '}
                    ({from} to {from + rows.length - 1} shown)
                  </span>
                )}
              </p>
              <div
                className="conduct-table-wrapper"
                tabIndex={0}
                role="region"
                aria-label="Register entries"
              >
                <table className="govuk-table" data-module="moj-sortable-table">
                  <caption className="govuk-table__caption govuk-visually-hidden">
                    Register, ordered by {SORT_WORDS[sort.by]} (
                    {sort.direction === 'ASC' ? 'ascending' : 'descending'})
                  </caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <SortableHeader by="REFERENCE" sort={sort} onSort={sortBy} />
                      <SortableHeader by="OPENED" sort={sort} onSort={sortBy} />
                      <SortableHeader by="REVIEW_DUE" sort={sort} onSort={sortBy} />
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
                        <td className="govuk-table__cell">{formatDate(r.openedAt)}</td>
                        <td className="govuk-table__cell">{formatDate(r.reviewDueAt)}</td>
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
              <Pagination
                page={pageNumber}
                hasPrevious={pageNumber > 1}
                hasNext={register.pageInfo.hasNextPage}
                onPrevious={() => setPages((p) => p.slice(0, -1))}
                onNext={() => setPages((p) => [...p, register.pageInfo.endCursor ?? undefined])}
              />
            </>
          );
        }}
      </Pending>
    </Page>
  );
}

const SORT_WORDS: Record<SortKey, string> = {
  REFERENCE: 'Case',
  OPENED: 'Opened',
  REVIEW_DUE: 'Next review',
};

/** A column header that orders the register (MoJ sortable table: a button, `aria-sort` on the header). */
function SortableHeader(props: { by: SortKey; sort: Sort; onSort(by: SortKey): void }) {
  const current = props.sort.by === props.by;
  const ariaSort = current ? (props.sort.direction === 'ASC' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" className="govuk-table__header" aria-sort={ariaSort}>
      <button type="button" onClick={() => props.onSort(props.by)}>
        {SORT_WORDS[props.by]}
        <span aria-hidden="true" className="conduct-sort-arrow">
          {current ? (props.sort.direction === 'ASC' ? '▲' : '▼') : '▲▼'}
        </span>
      </button>
    </th>
  );
}

/** GOV.UK pagination: previous and next page of the API's cursor. */
function Pagination(props: {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious(): void;
  onNext(): void;
}) {
  if (!props.hasPrevious && !props.hasNext) return null;
  return (
    <nav className="govuk-pagination" aria-label="Register pages">
      {props.hasPrevious && (
        <div className="govuk-pagination__prev">
          <button
            type="button"
            className="conduct-link-button govuk-pagination__link"
            onClick={props.onPrevious}
          >
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </button>
        </div>
      )}
      <p className="govuk-body govuk-!-margin-bottom-0" data-testid="register-page">
        Page {props.page}
      </p>
      {props.hasNext && (
        <div className="govuk-pagination__next">
          <button
            type="button"
            className="conduct-link-button govuk-pagination__link"
            onClick={props.onNext}
          >
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
          </button>
        </div>
      )}
    </nav>
  );
}
