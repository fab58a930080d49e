import { useEffect, useState } from 'react';
import { asProblem, fetchFile, downloadFile, request, useQuery, type ApiProblem } from '../api';
import { graphql } from '../gql';
import { Button, ErrorSummary, Page, Pending, TextInput } from '../ui';

const BenchmarkDocument = graphql(`
  query Benchmark($period: String!) {
    benchmarkReport(period: $period) {
      period
      computedAt
      metrics {
        key
        label
        unit
        cells {
          label
          category
          value
          count
          suppressed
          suppression
          peers {
            median
            lowerQuartile
            upperQuartile
            peerCount
          }
        }
      }
    }
  }
`);

/** The council's figures beside its peers, the charts, and the CSV. */
export function BenchmarkingPage() {
  const [period, setPeriod] = useState(String(new Date().getFullYear()));
  const [asked, setAsked] = useState(period);
  const loaded = useQuery(() => request(BenchmarkDocument, { period: asked }), [asked]);
  const [problem, setProblem] = useState<ApiProblem>();
  return (
    <Page title="Benchmarking">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(period);
        }}
      >
        <TextInput
          id="period"
          label="Period"
          hint="A year (2026) or a quarter (2026-Q1)."
          width="10"
          value={period}
          onChange={setPeriod}
          error={loaded.problem?.fields.period}
        />
        <Button type="submit">Show</Button>
      </form>
      <Pending loaded={loaded}>
        {({ benchmarkReport: r }) => (
          <>
            <ErrorSummary problem={problem} />
            <Button
              secondary
              onClick={() =>
                void downloadFile(
                  `/benchmarking/${r.period}.csv`,
                  `benchmarking-${r.period}.csv`,
                ).catch((e: unknown) => setProblem(asProblem(e)))
              }
            >
              Download CSV
            </Button>
            {r.metrics.map((m) => (
              <section key={m.key} aria-labelledby={`metric-${m.key}`}>
                <h2 className="govuk-heading-m" id={`metric-${m.key}`}>
                  {m.label}
                </h2>
                <div className="conduct-table-wrapper">
                  <table className="govuk-table">
                    <caption className="govuk-table__caption govuk-visually-hidden">
                      {m.label}
                    </caption>
                    <thead className="govuk-table__head">
                      <tr className="govuk-table__row">
                        <th scope="col" className="govuk-table__header">
                          Category
                        </th>
                        <th scope="col" className="govuk-table__header">
                          Us ({m.unit})
                        </th>
                        <th scope="col" className="govuk-table__header">
                          Peer median
                        </th>
                        <th scope="col" className="govuk-table__header">
                          Councils
                        </th>
                      </tr>
                    </thead>
                    <tbody className="govuk-table__body">
                      {m.cells.map((c, i) => (
                        <tr className="govuk-table__row" key={i}>
                          <td className="govuk-table__cell">{c.label ?? c.category ?? 'All'}</td>
                          <td className="govuk-table__cell">
                            {c.suppressed
                              ? `Suppressed${c.suppression ? ` (${c.suppression})` : ''}`
                              : (c.value ?? '—')}
                          </td>
                          <td className="govuk-table__cell">{c.peers?.median ?? '—'}</td>
                          <td className="govuk-table__cell">{c.peers?.peerCount ?? '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Chart
                  path={`/benchmarking/${r.period}/${m.key}.svg`}
                  alt={`Chart: ${m.label}, this council beside its peers (figures in the table above)`}
                />
              </section>
            ))}
          </>
        )}
      </Pending>
    </Page>
  );
}

/** An SVG chart fetched with the bearer token, shown as an image. */
function Chart(props: { path: string; alt: string }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let objectUrl: string | undefined;
    fetchFile(props.path).then(
      (blob) => setUrl((objectUrl = URL.createObjectURL(blob))),
      () => setUrl(undefined),
    );
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [props.path]);
  return url ? <img className="conduct-chart" src={url} alt={props.alt} /> : null;
}
