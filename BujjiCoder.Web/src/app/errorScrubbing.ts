/**
 * What the web app sends to error tracking goes through the rules the Api's SecretScrubber applies to logs
 * (BujjiCoder.ServiceDefaults/Secrets/SecretScrubber.cs): known secret values (the access token in memory) wherever they
 * appear, and anything shaped like a credential — Authorization and Cookie values, bearer and basic credentials, JWTs,
 * bjc_ personal access tokens, sk- provider keys, sensitive query parameters and name/value pairs such as password=….
 */
import type { Breadcrumb, ErrorEvent } from '@sentry/react'

export const MARK = '[redacted]'

// Kept in step with SecretScrubber.Credential(); the groups are (keep)(secret), or (secret) alone for JWTs.
const CREDENTIAL = new RegExp(
  [
    // Authorization and cookie headers: the rest of the line.
    String.raw`(\b(?:proxy-)?authorization\s*[:=]\s*|\b(?:set-)?cookie\s*[:=]\s*)([^\r\n]+)`,
    // JSON members whose name says secret: "password":"…", "refreshToken":"…", "apiKey":"…".
    String.raw`("\w*(?:password|passwd|pwd|secret|api[-_]?key|token|signing[-_]?key|private[-_]?key|access[-_]?key)"\s*:\s*")((?:[^"\\]|\\.)*)`,
    // Sensitive query parameters.
    String.raw`([?&](?:access_token|refresh_token|id_token|token|code|key|api[-_]?key|password|pwd|secret|client_secret|sig|signature)=)([^&#\s"']+)`,
    // name=value and name: value pairs.
    String.raw`(\b\w*(?:password|passwd|pwd|secret|api[-_]?key|signing[-_]?key|private[-_]?key|access[-_]?key|access[-_]?token|refresh[-_]?token|id[-_]?token|bujji_refresh)\s*[=:]\s*)([^\s"',;&]+)`,
    // Credentials after an authentication scheme.
    String.raw`(\b(?:bearer|basic)\s+)([A-Za-z0-9\-._~+/]{16,}=*)`,
    // JWTs: header.payload.signature, the header always starts {" = eyJ.
    String.raw`()(\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)`,
    // Personal access tokens and provider keys; their short hints stay readable.
    String.raw`(\bbjc_)([A-Za-z0-9_-]{16,})`,
    String.raw`(\bsk-)([A-Za-z0-9_-]{16,})`,
  ].join('|'),
  'gi',
)

// Shorter values would blank out ordinary words without protecting anything (as on the server).
const MINIMUM_KNOWN_VALUE_LENGTH = 8

const DROPPED_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key']

/** `text` with known secret values and credential-shaped parts replaced by {@link MARK}. */
export function scrubText(text: string, knownValues: readonly (string | null | undefined)[] = []): string {
  let result = text
  for (const value of knownValues) {
    if (value && value.length >= MINIMUM_KNOWN_VALUE_LENGTH) result = result.split(value).join(MARK)
  }
  return result.replace(CREDENTIAL, (...groups: (string | undefined)[]) => {
    // Each alternative has a keep group then a secret group; the matching pair is the first defined keep.
    for (let i = 1; i < groups.length - 2; i += 2) {
      if (groups[i] !== undefined) return groups[i] + MARK
    }
    return MARK
  })
}

/** A copy of `value` with every string in it scrubbed (events are plain JSON-like data). */
export function scrubDeep<T>(value: T, knownValues: readonly (string | null | undefined)[] = []): T {
  if (typeof value === 'string') return scrubText(value, knownValues) as T
  if (Array.isArray(value)) return value.map((item: unknown) => scrubDeep(item, knownValues)) as T
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubDeep(item, knownValues)])) as T
  }
  return value
}

/**
 * The event as it may leave the browser: every string scrubbed, credentials headers and cookies dropped, and of the
 * user only the id (no email, name or address).
 */
export function scrubEvent(event: ErrorEvent, knownValues: readonly (string | null | undefined)[] = []): ErrorEvent {
  const scrubbed = scrubDeep(event, knownValues)
  if (scrubbed.request) {
    delete scrubbed.request.cookies
    delete scrubbed.request.data
    if (scrubbed.request.headers) {
      scrubbed.request.headers = Object.fromEntries(
        Object.entries(scrubbed.request.headers).filter(([name]) => !DROPPED_HEADERS.includes(name.toLowerCase())),
      )
    }
  }
  if (scrubbed.user) scrubbed.user = scrubbed.user.id === undefined ? {} : { id: scrubbed.user.id }
  return scrubbed
}

export function scrubBreadcrumb(breadcrumb: Breadcrumb, knownValues: readonly (string | null | undefined)[] = []): Breadcrumb {
  return scrubDeep(breadcrumb, knownValues)
}
