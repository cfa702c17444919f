import { useCallback, useEffect, useState } from 'react'
import { api } from './api.js'

/** GETs `path` now and every `intervalMs`; `refresh` asks again at once. */
export function usePolling<T>(path: string, intervalMs = 2_000) {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<string>()
  const refresh = useCallback(() => {
    api<T>(path)
      .then((value) => {
        setData(value)
        setError(undefined)
      })
      .catch((e: Error) => setError(e.message))
  }, [path])
  useEffect(() => {
    refresh()
    const timer = setInterval(refresh, intervalMs)
    return () => clearInterval(timer)
  }, [refresh, intervalMs])
  return { data, error, refresh }
}
