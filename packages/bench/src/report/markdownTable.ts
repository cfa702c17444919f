/**
 * A markdown table with its columns padded as the repository's formatter
 * lays them out, so that a generated report is formatted already.
 * `align` per column: 'left' or 'right'.
 */
export function markdownTable(
  header: readonly string[],
  align: readonly ('left' | 'right')[],
  rows: readonly (readonly string[])[],
): string[] {
  const length = (text: string) => [...text].length
  const widths = header.map((h, i) =>
    Math.max(3, length(h), ...rows.map((row) => length(row[i] ?? ''))),
  )
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - length(text))
    return align[i] === 'right' ? fill + text : text + fill
  }
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => pad(c, i)).join(' | ')} |`
  const rule = `| ${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`
  return [line(header), rule, ...rows.map((row) => line(header.map((_, i) => row[i] ?? '')))]
}
