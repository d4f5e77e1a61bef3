// A tab opened before a deployment asks for the screens' chunks by the hashed names of the release it started with; the
// new front door no longer has them (a 404, on purpose: deploy/nginx/web.conf). Reloading fetches the new index.html
// and its chunks. At most once a minute, so a chunk that is really missing, or a network that keeps failing, ends on
// the error page rather than in a reload loop.
const lastReloadKey = 'bujji.reloadedForNewReleaseAt'
const minimumInterval = 60_000

/** Whether a reload for a new release may happen now: none was done within the last minute. */
export function mayReloadForNewRelease(storage: Pick<Storage, 'getItem'> = window.sessionStorage, now: number = Date.now()): boolean {
  return now - Number(storage.getItem(lastReloadKey) ?? 0) >= minimumInterval
}

/** Reloads the page unless that was done for the same reason within the last minute; says whether it reloads. */
export function reloadForNewRelease(
  storage: Pick<Storage, 'getItem' | 'setItem'> = window.sessionStorage,
  reload: () => void = () => window.location.reload(),
  now: number = Date.now(),
): boolean {
  if (!mayReloadForNewRelease(storage, now)) return false
  storage.setItem(lastReloadKey, String(now))
  reload()
  return true
}

/** A screen's code or styles could not be loaded: what Vite, Chromium, Firefox and Safari say then. */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error)
  return /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS/i.test(
    message,
  )
}
