import { useEffect, useState } from 'react';
import { downloadFile, fetchFile, request, useQuery } from '../api';
import { graphql } from '../gql';
import { Button, Form, Page, Pending, TextInput, useForm } from '../ui';

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

interface Chart {
  url: string;
  width?: number;
  height?: number;
}

/** The SVG's own size, so the image's box is reserved before it is drawn (no layout shift). */
function sizeOf(svg: string): { width?: number; height?: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const number = (name: string) => {
    const v = new RegExp(`\\b${name}="([\\d.]+)"`).exec(root)?.[1];
    return v ? Math.round(Number(v)) : undefined;
  };
  return { width: number('width'), height: number('height') };
}

/** The council's figures beside its peers, the charts, and the CSV. */
export function BenchmarkingPage() {
  const [period, setPeriod] = useState(String(new Date().getFullYear()));
  const [asked, setAsked] = useState(period);
  // The charts are fetched with the figures, so the page appears once, complete: nothing moves as they arrive.
  const loaded = useQuery(async () => {
    const { benchmarkReport: r } = await request(BenchmarkDocument, { period: asked });
    const charts = new Map<string, Chart>();
    await Promise.all(
      r.metrics.map((m) =>
        fetchFile(`/benchmarking/${r.period}/${m.key}.svg`).then(
          async (blob) =>
            charts.set(m.key, { url: URL.createObjectURL(blob), ...sizeOf(await blob.text()) }),
          () => undefined,
        ),
      ),
    );
    return { report: r, charts };
  }, [asked]);
  useEffect(() => {
    const charts = loaded.data?.charts;
    return () => charts?.forEach((c) => URL.revokeObjectURL(c.url));
  }, [loaded.data]);
  const download = useForm();
  return (
    <Page title="Benchmarking">
      <Form
        form={{ problem: loaded.problem, busy: loaded.loading, submit: download.submit }}
        onSubmit={() => setAsked(period)}
      >
        <TextInput
          id="period"
          label="Period"
          hint="A year (2026) or a quarter (2026-Q1)."
          width="10"
          value={period}
          onChange={setPeriod}
          apiField="period"
        />
        <Button type="submit">Show</Button>
      </Form>
      <Pending loaded={{ ...loaded, problem: undefined }}>
        {({ report: r, charts }) => (
          <>
            <Form form={download}>
              <Button
                secondary
                onClick={() =>
                  void download.submit(() =>
                    downloadFile(`/benchmarking/${r.period}.csv`, `benchmarking-${r.period}.csv`),
                  )
                }
              >
                Download CSV
              </Button>
            </Form>
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
                {charts.get(m.key) && (
                  <img
                    className="conduct-chart"
                    src={charts.get(m.key)!.url}
                    width={charts.get(m.key)!.width}
                    height={charts.get(m.key)!.height}
                    alt={`Chart: ${m.label}, this council beside its peers (figures in the table above)`}
                  />
                )}
              </section>
            ))}
          </>
        )}
      </Pending>
    </Page>
  );
}
