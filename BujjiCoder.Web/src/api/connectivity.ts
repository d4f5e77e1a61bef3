/**
 * Whether the Api answers. Every request goes through {@link trackedFetch}: a network failure, or a gateway error
 * from the proxy in front of the Api (nginx or Vite answering 502/503/504 without a problem body), marks the Api
 * unreachable; any real answer from the Api marks it reachable again. While unreachable, {@link useApiReachable}
 * probes /health/live so the banner clears itself without the user doing anything.
 */
import { useSyncExternalStore } from 'react'

const PROBE_URL = '/health/live'
const PROBE_INTERVAL_MS = 3000

let reachable = true
let probeTimer: ReturnType<typeof setTimeout> | null = null
const listeners = new Set<() => void>()

function setReachable(value: boolean): void {
  if (reachable === value) return
  reachable = value
  for (const listener of listeners) listener()
  if (!value) scheduleProbe()
}

function scheduleProbe(): void {
  if (probeTimer !== null) return
  probeTimer = setTimeout(async () => {
    probeTimer = null
    try {
      const response = await fetch(PROBE_URL, { cache: 'no-store' })
      setReachable(!isGatewayError(response))
    } catch {
      // Still down.
    }
    if (!reachable) scheduleProbe()
  }, PROBE_INTERVAL_MS)
}

function isGatewayError(response: Response): boolean {
  const fromProxy = !(response.headers.get('Content-Type') ?? '').includes('json')
  return fromProxy && [502, 503, 504].includes(response.status)
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

export async function trackedFetch(request: Request): Promise<Response> {
  try {
    const response = await fetch(request)
    setReachable(!isGatewayError(response))
    return response
  } catch (error) {
    if (!isAbort(error)) setReachable(false)
    throw error
  }
}

export function useApiReachable(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => reachable,
  )
}

/** For tests: forget what earlier requests said. */
export function resetConnectivity(): void {
  reachable = true
  if (probeTimer !== null) clearTimeout(probeTimer)
  probeTimer = null
}
