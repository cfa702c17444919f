import { useEffect, useState } from 'react'

/** mm:ss until `untilMs`, ticking every second. */
export function Countdown({ untilMs }: { untilMs: number }) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  const left = Math.max(0, Math.round((untilMs - now) / 1000))
  const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`
  return (
    <span className={left < 30 ? 'countdown urgent' : 'countdown'} data-testid="countdown">
      expires in {text}
    </span>
  )
}
