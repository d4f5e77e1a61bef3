/**
 * The scopes a personal access token may carry, as BujjiCoder.Api/Auth/Permissions.cs (ByScope) defines them. The Api
 * publishes no list of them, so they are mirrored here with what each one lets a script do.
 */
export const TOKEN_SCOPES = [
  { value: 'read', label: 'read', description: 'Read workspaces, files and search' },
  { value: 'write', label: 'write', description: 'Create workspaces and change files' },
  { value: 'chat', label: 'chat', description: 'Chat, composer and completion (uses your model budget)' },
  { value: 'admin', label: 'admin', description: 'Administer users, audit log and usage (administrators only)' },
] as const

/** Only administrators may mint admin-scoped tokens (the Api answers 403 otherwise). */
export function scopesFor(admin: boolean) {
  return TOKEN_SCOPES.filter((scope) => admin || scope.value !== 'admin')
}

const DAY_MS = 24 * 60 * 60 * 1000

function isoDate(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
  return local.toISOString().slice(0, 10)
}

/**
 * Bounds and default of the expiry date picker (yyyy-MM-dd, local). The Api takes expiry within one year, so the
 * latest date is 364 days ahead: its midnight is always inside the year, whatever the time of day now.
 */
export function expiryBounds(now = new Date()) {
  return {
    min: isoDate(new Date(now.getTime() + DAY_MS)),
    max: isoDate(new Date(now.getTime() + 364 * DAY_MS)),
    fallback: isoDate(new Date(now.getTime() + 90 * DAY_MS)),
  }
}

/** A picked date as the instant the token stops working: the start of that day, local time. */
export function expiryInstant(date: string): string {
  const [year, month, day] = date.split('-').map(Number)
  return new Date(year, month - 1, day).toISOString()
}
