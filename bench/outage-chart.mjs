// Hand-written SVG line chart for bench/simulate-outage.mjs (no dependencies).
//
//   renderChart({ bucketMs, buckets, shade: [fromMs, toMs], series: [{ name, color, values, dash? }] })
//
// x: time since the start of the timeline (s); y: a count per bucket. One
// polyline per series, drawn as a step per bucket centre; the outage window
// is shaded.

const W = 880
const H = 420
const M = { top: 36, right: 24, bottom: 104, left: 72 }

/** Escapes text for SVG. */
function esc(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
}

/** A "nice" step (1, 2, 2.5 or 5 × 10^k) giving about `count` ticks up to `max`. */
function niceStep(max, count) {
  const raw = max / count
  const power = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power
  return 10 * power
}

export function renderChart({ title, yLabel, bucketMs, buckets, shade, shadeLabel, series }) {
  const plotW = W - M.left - M.right
  const plotH = H - M.top - M.bottom
  const totalMs = buckets * bucketMs
  const peak = Math.max(1, ...series.flatMap((s) => s.values))
  const yStep = niceStep(peak, 6)
  const yMax = Math.ceil(peak / yStep) * yStep
  const x = (ms) => M.left + (ms / totalMs) * plotW
  const y = (v) => M.top + plotH - (v / yMax) * plotH
  const out = []
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
  )
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`)
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${esc(title)}</text>`)
  // Outage window.
  const [from, to] = shade
  out.push(
    `<rect x="${x(from).toFixed(1)}" y="${M.top}" width="${(x(to) - x(from)).toFixed(1)}" height="${plotH}" fill="#d62728" fill-opacity="0.08"/>`,
  )
  out.push(
    `<text x="${((x(from) + x(to)) / 2).toFixed(1)}" y="${M.top + 14}" text-anchor="middle" fill="#a01c1c">${esc(shadeLabel)}</text>`,
  )
  // Grid and y axis.
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    const py = y(v).toFixed(1)
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${py}" y2="${py}" stroke="#e5e5e5"/>`)
    out.push(`<text x="${M.left - 8}" y="${py}" text-anchor="end" dominant-baseline="middle">${v}</text>`)
  }
  // x axis: a tick per second.
  for (let s = 0; s * 1000 <= totalMs + 1e-9; s++) {
    const px = x(s * 1000).toFixed(1)
    out.push(`<line x1="${px}" x2="${px}" y1="${M.top + plotH}" y2="${M.top + plotH + 5}" stroke="#333"/>`)
    out.push(`<text x="${px}" y="${M.top + plotH + 18}" text-anchor="middle">${s}</text>`)
  }
  out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#333"/>`)
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="#333"/>`)
  out.push(
    `<text x="${M.left + plotW / 2}" y="${M.top + plotH + 38}" text-anchor="middle">time since start (s) — ${bucketMs} ms buckets</text>`,
  )
  out.push(
    `<text transform="translate(18 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  )
  // Series: a step line (flat over each bucket).
  for (const s of series) {
    const points = []
    s.values.forEach((v, i) => {
      points.push(`${x(i * bucketMs).toFixed(1)},${y(v).toFixed(1)}`, `${x((i + 1) * bucketMs).toFixed(1)},${y(v).toFixed(1)}`)
    })
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : ''
    out.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="${s.width ?? 2}"${dash} stroke-linejoin="round" points="${points.join(' ')}"/>`,
    )
  }
  // Legend, two columns under the x axis label.
  const perColumn = Math.ceil(series.length / 2)
  series.forEach((s, i) => {
    const lx = M.left + (i >= perColumn ? plotW / 2 : 0)
    const ly = M.top + plotH + 60 + (i % perColumn) * 18
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : ''
    out.push(`<line x1="${lx}" x2="${lx + 28}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="${s.width ?? 2}"${dash}/>`)
    out.push(`<text x="${lx + 36}" y="${ly}" dominant-baseline="middle">${esc(s.name)}</text>`)
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
