/** How every screen writes times, sizes, counts and money, so the same value reads the same everywhere. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const count = new Intl.NumberFormat()
const compactCount = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 })

/**
 * Times from the Api. They are UTC, but the embedded SQLite mode hands them back without a zone
 * ("2026-12-07T09:43:48.54"), which Date would read as local time: a missing zone is taken as UTC.
 */
export function parseApiTime(value: string): Date {
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`)
}

/** An Api instant in the reader's own time zone, e.g. "7 Dec 2026, 10:42"; `never` when there is none. */
export function formatDateTime(value: string | null | undefined, never = '—'): string {
  return value ? dateTime.format(parseApiTime(value)) : never
}

export function formatDate(value: string | null | undefined, never = '—'): string {
  return value ? dateOnly.format(parseApiTime(value)) : never
}

/** "3.2 MB"; binary multiples, as the Api's own ByteSize does. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

/** Tokens, requests, files: grouped digits ("12,345"). */
export function formatCount(value: number): string {
  return count.format(value)
}

/** Chart axes: "12.3K". */
export function formatCountShort(value: number): string {
  return compactCount.format(value)
}

/** Dollars with cents, and down to a hundredth of a cent for the small sums single calls cost. */
export function formatUsd(value: number): string {
  return formatUsdTo(value, value !== 0 && Math.abs(value) < 1 ? 4 : 2)
}

/** Dollars with cents and up to `maximumFractionDigits` digits, for exact limits and per-call prices. */
export function formatUsdTo(value: number, maximumFractionDigits: number): string {
  return new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits,
  }).format(value)
}
