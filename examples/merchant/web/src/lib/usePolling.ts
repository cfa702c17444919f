import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from './api.js'

/**
 * GETs `path` now and every `intervalMs`; `refresh` asks again at once. An
 * answer to a request older than the one already shown is dropped, so a slow
 * poll sent before a change can never overwrite the answer sent after it.
 */
export function usePolling<T>(path: string, intervalMs = 2_000) {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<string>()
  const sent = useRef(0)
  const shown = useRef(0)
  const refresh = useCallback(() => {
    const seq = ++sent.current
    api<T>(path)
      .then((value) => {
        if (seq < shown.current) return
        shown.current = seq
        setData(value)
        setError(undefined)
      })
      .catch((e: Error) => {
        if (seq >= shown.current) setError(e.message)
      })
  }, [path])
  useEffect(() => {
    refresh()
    const timer = setInterval(refresh, intervalMs)
    return () => clearInterval(timer)
  }, [refresh, intervalMs])
  return { data, error, refresh }
}
