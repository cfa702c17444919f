import { useEffect, useState } from 'react'

/** The latest `event` of a Server-Sent Events stream at `path` (none while `path` is undefined). */
export function useEventSource<T>(path: string | undefined, event: string): T | undefined {
  const [value, setValue] = useState<T>()
  useEffect(() => {
    setValue(undefined)
    if (!path) return
    const source = new EventSource(`/api${path}`)
    source.addEventListener(event, (message) =>
      setValue(JSON.parse((message as MessageEvent).data) as T),
    )
    return () => source.close()
  }, [path, event])
  return value
}
