import type { BenchmarkReportNode } from './benchmark.type';

const COLUMNS = [
  'period',
  'metric',
  'label',
  'unit',
  'category',
  'category_label',
  'base',
  'your_value',
  'your_count',
  'suppressed',
  'suppression',
  'peer_count',
  'peer_lower_quartile',
  'peer_median',
  'peer_upper_quartile',
] as const;

/** RFC 4180 quoting; text that a spreadsheet would run as a formula is prefixed with a quote. */
function field(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The report as CSV: one line per figure (mix tables: one per category),
 * starting with a UTF-8 byte-order mark so spreadsheets read non-ASCII labels.
 */
export function reportToCsv(report: BenchmarkReportNode): string {
  const lines = [COLUMNS.join(',')];
  for (const m of report.metrics) {
    for (const c of m.cells) {
      lines.push(
        [
          report.period,
          m.key,
          m.label,
          m.unit,
          c.category,
          c.label,
          m.base,
          c.value,
          c.count,
          c.suppressed,
          c.suppression,
          c.peers?.peerCount,
          c.peers?.lowerQuartile,
          c.peers?.median,
          c.peers?.upperQuartile,
        ]
          .map(field)
          .join(','),
      );
    }
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
