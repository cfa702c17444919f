/** The parts of a V8 CPU profile (`.cpuprofile`) the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  /** µs of CPU sampled busy (idle and the profiler's own "(program)" left out). */
  busyMicros: number
  /** Self time by place (a package, a Node module family, a project file), most first. */
  byPlace: [place: string, micros: number][]
  /** Self time by function and place, most first. */
  byFunction: [fn: string, micros: number][]
}

/** Where a frame's code lives: `undici@7.30.2`, `node:_http_client`, `packages/lnd/src/…`. */
export function placeOf(url: string): string {
  if (url === '') return '(native)'
  const pnpm = /node_modules\/\.pnpm\/([^/]+)/.exec(url)
  if (pnpm) return pnpm[1]!
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`
  const project = /\/(packages|examples|scripts)\/.*$/.exec(url)
  return project ? project[0].slice(1) : url
}

/** Self time of a profile by place and by function. */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const byPlace = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let busyMicros = 0
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)
    const micros = profile.timeDeltas[i] ?? 0
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return
    busyMicros += micros
    const place =
      frame.functionName === '(garbage collector)' ? '(garbage collector)' : placeOf(frame.url)
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros)
    const fn = `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros)
  })
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1])
  return { busyMicros, byPlace: sorted(byPlace), byFunction: sorted(byFunction) }
}
