/**
 * Markdown table and number formatting shared by the benches.
 *
 * @example
 * import { markdownTable, fmt } from './table.mjs';
 * console.log(markdownTable(['case', 'ops/s'], [['get', fmt(12345.6)]]));
 */

/**
 * A GitHub-flavoured markdown table. `textColumns` (default 1) leading columns are
 * left-aligned, the rest (numbers) right-aligned.
 * @param {string[]} headers
 * @param {string[][]} rows
 * @param {number} [textColumns]
 */
export function markdownTable(headers, rows, textColumns = 1) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const left = (i) => i < textColumns;
  const line = (cells) => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (left(i) ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/**
 * A number with three significant digits (thousands separated), e.g. 12,300 or 0.0123.
 * @param {number} n
 */
export function fmt(n) {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(n))));
  return Number(n.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/**
 * A ratio such as "0.42x".
 * @param {number} ours
 * @param {number} peer
 */
export function ratio(ours, peer) {
  return peer > 0 ? `${(ours / peer).toFixed(2)}x` : 'n/a';
}
