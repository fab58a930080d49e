import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchmarkMetricNode, BenchmarkReportNode } from './benchmark.type';

const UNIT_TITLES: Record<string, string> = {
  count: 'count (rounded to 5)',
  rate: 'per 100,000 population',
  percent: '%',
  days: 'days',
};

/** No chart loads anything: every value is inline, and the loader refuses URLs and files. */
const noLoader = {
  ...vega.loader(),
  load: () => Promise.reject(new Error('benchmark charts load nothing')),
  sanitize: () => Promise.reject(new Error('benchmark charts load nothing')),
} as unknown as vega.Loader;

/** The vega-lite spec: per row, the peers' interquartile range (bar), median (tick) and your figure (dot). */
export function chartSpec(report: BenchmarkReportNode, metric: BenchmarkMetricNode): TopLevelSpec {
  const rows = metric.cells.map((c) => ({
    row: c.label ?? c.category ?? metric.label,
    yours: c.value,
    median: c.peers?.median ?? null,
    q1: c.peers?.lowerQuartile ?? null,
    q3: c.peers?.upperQuartile ?? null,
    peers: c.peers?.peerCount ?? 0,
  }));
  const shown = rows.filter((r) => r.yours !== null || r.median !== null);
  const title = {
    text: `${metric.label}, ${report.period}`,
    subtitle:
      'Dot: your council. Tick: median of participating councils. Bar: their middle half (5 or more councils).',
  };
  if (!shown.length) {
    return {
      title,
      width: 480,
      height: 40,
      data: { values: [{ text: 'Not enough data to show (disclosure control)' }] },
      mark: { type: 'text', align: 'left', x: 0, y: 20 },
      encoding: { text: { field: 'text', type: 'nominal' } },
    };
  }
  const y = { field: 'row', type: 'nominal' as const, title: null, sort: null };
  const xTitle = UNIT_TITLES[metric.unit] ?? metric.unit;
  return {
    title,
    width: 480,
    height: { step: 28 },
    data: { values: shown },
    layer: [
      {
        mark: { type: 'bar', height: 10, color: '#c7d3e3' },
        transform: [{ filter: 'datum.q1 != null && datum.q3 != null' }],
        encoding: {
          y,
          x: { field: 'q1', type: 'quantitative', title: xTitle },
          x2: { field: 'q3' },
        },
      },
      {
        mark: { type: 'tick', color: '#274c77', thickness: 2, size: 18 },
        transform: [{ filter: 'datum.median != null' }],
        encoding: { y, x: { field: 'median', type: 'quantitative', title: xTitle } },
      },
      {
        mark: { type: 'point', filled: true, size: 90, color: '#c0392b' },
        transform: [{ filter: 'datum.yours != null' }],
        encoding: { y, x: { field: 'yours', type: 'quantitative', title: xTitle } },
      },
    ],
  };
}

/** Server-side SVG (vega 5 / vega-lite 5, CommonJS; no canvas needed). */
export async function renderMetricSvg(
  report: BenchmarkReportNode,
  metric: BenchmarkMetricNode,
): Promise<string> {
  const { spec } = compile(chartSpec(report, metric));
  const view = new vega.View(vega.parse(spec), { renderer: 'none', loader: noLoader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
