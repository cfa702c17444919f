import { concurrencies } from '../measure/figures.js'

export interface ChartPanel {
  title: string
  /** Payments/s at each of `concurrencies`, by contender. */
  series: Record<string, number[]>
}

const colors = ['#6b6b6b', '#f7931a', '#3b6fd8', '#2a9d5b', '#9b59b6']
const W = 420
const H = 300
const M = { top: 40, right: 20, bottom: 50, left: 56 }

/** An SVG of payments/s by calls in flight, one panel per payment kind, one line per contender. */
export function renderChart(panels: readonly ChartPanel[]): string {
  const names = [...new Set(panels.flatMap((p) => Object.keys(p.series)))]
  const max = Math.max(
    1,
    ...panels.flatMap((p) => Object.values(p.series).flat()).filter(Number.isFinite),
  )
  const top = niceCeiling(max)
  const width = W * panels.length
  const height = H + 30
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(panels.map((p) => p.title).join(' and '))}: payments/s by payments in flight</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ]
  panels.forEach((panel, index) => {
    const x0 = index * W
    const plotW = W - M.left - M.right
    const plotH = H - M.top - M.bottom
    const x = (i: number) => x0 + M.left + (plotW * i) / (concurrencies.length - 1)
    const y = (v: number) => M.top + plotH - (plotH * v) / top
    parts.push(
      `<text x="${x0 + W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(panel.title)}</text>`,
    )
    for (let t = 0; t <= 4; t++) {
      const v = (top * t) / 4
      parts.push(
        `<line x1="${x0 + M.left}" x2="${x0 + W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`,
        `<text x="${x0 + M.left - 6}" y="${y(v) + 4}" text-anchor="end">${round(v)}</text>`,
      )
    }
    concurrencies.forEach((n, i) => {
      parts.push(`<text x="${x(i)}" y="${M.top + plotH + 18}" text-anchor="middle">${n}</text>`)
    })
    parts.push(
      `<text x="${x0 + M.left + plotW / 2}" y="${M.top + plotH + 36}" text-anchor="middle">payments in flight</text>`,
      `<text transform="translate(${x0 + 14} ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">payments/s</text>`,
    )
    names.forEach((name, k) => {
      const values = panel.series[name]
      if (!values) return
      const color = colors[k % colors.length]
      const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
      parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2"/>`)
      values.forEach((v, i) => {
        parts.push(
          `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"><title>${escapeXml(name)}: ${v.toFixed(1)}/s at ${concurrencies[i]}</title></circle>`,
        )
      })
    })
  })
  names.forEach((name, k) => {
    const lx = 20 + k * 170
    parts.push(
      `<rect x="${lx}" y="${H + 8}" width="14" height="4" fill="${colors[k % colors.length]}"/>`,
      `<text x="${lx + 20}" y="${H + 14}">${escapeXml(name)}</text>`,
    )
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

function niceCeiling(value: number): number {
  const step = 10 ** Math.floor(Math.log10(value))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step
  return 10 * step
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}
