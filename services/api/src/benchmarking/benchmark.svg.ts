import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchmarkCellNode, BenchmarkMetricNode, BenchmarkReportNode } from './benchmark.type';

const UNIT_TITLES: Record<string, string> = {
  count: 'count (rounded to 5)',
  rate: 'per 100,000 population',
  percent: '%',
  days: 'days',
};

/** What a suppressed figure says, on the chart and in its description. */
export const SUPPRESSED_TEXT = 'suppressed (fewer than 5)';

const LEGEND = [
  'Dot and number: your council. Tick: median of participating councils. Bar: their middle half (5 or more councils).',
  'No tick: fewer than 3 councils contributed, so no peer figure is shown.',
];

/** No chart loads anything: every value is inline, and the loader refuses URLs and files. */
const noLoader = {
  ...vega.loader(),
  load: () => Promise.reject(new Error('benchmark charts load nothing')),
  sanitize: () => Promise.reject(new Error('benchmark charts load nothing')),
} as unknown as vega.Loader;

/** Breaks a label into lines of at most `width` characters at spaces, so nothing is cut off. */
export function wrapLabel(text: string, width = 26): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

const figure = (v: number, unit: string) =>
  `${Number.isInteger(v) ? v : v.toFixed(1)}${unit === 'percent' ? '%' : ''}`;

function rowLabel(metric: BenchmarkMetricNode, c: BenchmarkCellNode) {
  return c.label ?? c.category ?? metric.label;
}

/** The value printed beside a row: yours, or why there is none. */
function printed(metric: BenchmarkMetricNode, c: BenchmarkCellNode): string {
  if (c.suppressed) return SUPPRESSED_TEXT;
  if (c.value === null) return 'no data';
  return figure(c.value, metric.unit);
}

/** The vega-lite spec: per row, the peers' interquartile range (bar), median (tick), your figure (dot) and its value. */
export function chartSpec(report: BenchmarkReportNode, metric: BenchmarkMetricNode): TopLevelSpec {
  const rows = metric.cells.map((c) => ({
    row: wrapLabel(rowLabel(metric, c)),
    yours: c.value,
    median: c.peers?.median ?? null,
    q1: c.peers?.lowerQuartile ?? null,
    q3: c.peers?.upperQuartile ?? null,
    text: printed(metric, c),
  }));
  const y = {
    field: 'row',
    type: 'nominal' as const,
    title: null,
    sort: null,
    axis: { labelExpr: "split(datum.label, '\\n')", labelLimit: 0, labelFontSize: 11 },
  };
  const xTitle = UNIT_TITLES[metric.unit] ?? metric.unit;
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: xTitle,
    scale: { zero: true },
  });
  const lines = Math.max(...rows.map((r) => r.row.split('\n').length), 1);
  return {
    title: { text: `${metric.label}, ${report.period}`, subtitle: LEGEND, anchor: 'start' },
    width: 360,
    height: { step: 16 + 14 * lines },
    autosize: { type: 'pad' },
    padding: 8,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', height: 10, color: '#c7d3e3' },
        transform: [{ filter: 'datum.q1 != null && datum.q3 != null' }],
        encoding: { y, x: x('q1'), x2: { field: 'q3' } },
      },
      {
        mark: { type: 'tick', color: '#274c77', thickness: 2, size: 18 },
        transform: [{ filter: 'datum.median != null' }],
        encoding: { y, x: x('median') },
      },
      {
        mark: { type: 'point', filled: true, size: 90, color: '#c0392b' },
        transform: [{ filter: 'datum.yours != null' }],
        encoding: { y, x: x('yours') },
      },
      {
        // The figure itself, right of the dot (or at the axis when there is none).
        mark: { type: 'text', align: 'left', dx: 9, fontSize: 11, color: '#222222' },
        transform: [{ calculate: 'datum.yours == null ? 0 : datum.yours', as: 'at' }],
        encoding: { y, x: x('at'), text: { field: 'text' } },
      },
    ],
  };
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What the chart shows, in sentences, for screen readers (the SVG's `<desc>`). */
export function chartDescription(report: BenchmarkReportNode, metric: BenchmarkMetricNode): string {
  const rows = metric.cells.map((c) => {
    const peers = c.peers
      ? `median of ${c.peers.peerCount} councils ${figure(c.peers.median, metric.unit)}${
          c.peers.lowerQuartile !== null && c.peers.upperQuartile !== null
            ? `, middle half ${figure(c.peers.lowerQuartile, metric.unit)} to ${figure(c.peers.upperQuartile, metric.unit)}`
            : ''
        }`
      : 'no peer figure (fewer than 3 councils)';
    return `${rowLabel(metric, c)}: yours ${printed(metric, c)}; ${peers}.`;
  });
  return `${metric.label} (${UNIT_TITLES[metric.unit] ?? metric.unit}), ${report.period}. ${rows.join(' ')}`;
}

/** Server-side SVG (vega 5 / vega-lite 5, CommonJS; no canvas needed), with a title and description. */
export async function renderMetricSvg(
  report: BenchmarkReportNode,
  metric: BenchmarkMetricNode,
): Promise<string> {
  const { spec } = compile(chartSpec(report, metric));
  const view = new vega.View(vega.parse(spec), { renderer: 'none', loader: noLoader });
  try {
    const svg = await view.toSVG();
    const head = svg.indexOf('>') + 1;
    const accessible = `<title>${xml(`${metric.label}, ${report.period}`)}</title><desc>${xml(
      chartDescription(report, metric),
    )}</desc>`;
    return `${svg.slice(0, head)}${accessible}${svg.slice(head)}`;
  } finally {
    view.finalize();
  }
}
