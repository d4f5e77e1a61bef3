const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

/** The Api's UTC instants in the reader's own time zone. */
export function formatDateTime(iso: string | null | undefined, never = '—'): string {
  return iso ? dateTime.format(new Date(iso)) : never
}

export function formatDate(iso: string | null | undefined, never = '—'): string {
  return iso ? dateOnly.format(new Date(iso)) : never
}
