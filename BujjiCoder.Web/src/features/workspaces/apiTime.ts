/**
 * Times from the Api. They are UTC, but the embedded SQLite mode hands them back without a zone
 * ("2026-12-07T09:43:48.54"), which Date would read as local time: a missing zone is taken as UTC.
 */
export function parseApiTime(value: string): Date {
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`)
}

export function formatApiTime(value: string): string {
  return parseApiTime(value).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
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
