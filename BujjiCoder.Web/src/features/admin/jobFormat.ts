/**
 * How the Jobs tab words what GET /admin/jobs answers: a job's schedule, a run's length and outcome, when the next run
 * is due, and a backup's verification. Plain functions of the values, so the wording is tested without rendering.
 */
import { parseApiTime } from '../../components/format.ts'

const count = new Intl.NumberFormat()
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

const UNITS = [
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
] as const

/** A job's slot spacing in words, in the largest unit that divides it: "Every hour", "Every 5 minutes", "Every 90 minutes". */
export function formatInterval(seconds: number): string {
  if (!(seconds > 0)) return 'Not scheduled'
  for (const [unit, size] of UNITS) {
    if (seconds % size === 0) {
      const n = seconds / size
      return n === 1 ? `Every ${unit}` : `Every ${count.format(n)} ${unit}s`
    }
  }
  return `Every ${count.format(seconds)} seconds`
}

/** How long a run, dump or restore took: "850 ms", "4.2 s", "42 s", "3 min 12 s", "1 h 5 min"; "—" for none (still running). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !(ms >= 0)) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  if (seconds < 10) return `${seconds.toFixed(1)} s`
  if (seconds < 60) return `${Math.floor(seconds)} s`
  const totalSeconds = Math.floor(seconds)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const rest = totalSeconds % 60
  if (hours === 0) return rest ? `${minutes} min ${rest} s` : `${minutes} min`
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`
}

/** An Api instant relative to `now`: "in 12 minutes", "3 hours ago", "now". */
export function formatRelative(value: string, now: Date = new Date()): string {
  const seconds = (parseApiTime(value).getTime() - now.getTime()) / 1000
  const size = Math.abs(seconds)
  if (size < 45) return relative.format(0, 'second')
  for (const [unit, unitSeconds] of UNITS) {
    // Weeks read worse than days for the spans a schedule has; a week and more is still said in days.
    if (unit === 'week' || unit === 'second') continue
    if (size >= unitSeconds * 0.95) return relative.format(Math.round(seconds / unitSeconds), unit)
  }
  return relative.format(Math.round(seconds), 'second')
}

/**
 * The runner claims a job's next slot the moment the slot starts, so a next run that lies in the past for longer than
 * this means no Worker replica is running the job (all stopped, or none started).
 */
export const OVERDUE_AFTER_MS = 60_000

export function isOverdue(nextRunAt: string, now: Date = new Date()): boolean {
  return now.getTime() - parseApiTime(nextRunAt).getTime() > OVERDUE_AFTER_MS
}

export interface BadgeLook {
  label: string
  /** Shade 9 (7 for grey) keeps white text above 4.5:1 in both colour schemes, as on the audit log. */
  color: string
}

/** A run's outcome as BujjiCoder.Data's JobRunOutcomes names it. */
const OUTCOMES: Record<string, BadgeLook> = {
  running: { label: 'Running', color: 'blue.9' },
  succeeded: { label: 'Succeeded', color: 'teal.9' },
  failed: { label: 'Failed', color: 'red.9' },
  abandoned: { label: 'Abandoned', color: 'grape.9' },
  cancelled: { label: 'Cancelled', color: 'gray.7' },
  skipped: { label: 'Skipped', color: 'gray.7' },
}

export function outcomeLook(outcome: string): BadgeLook {
  return OUTCOMES[outcome] ?? { label: outcome, color: 'gray.7' }
}

/** A backup's verification: restored into a scratch database and every table compared, or not (yet). */
const VERIFICATIONS: Record<string, BadgeLook> = {
  verified: { label: 'Verified', color: 'teal.9' },
  failed: { label: 'Verification failed', color: 'red.9' },
  pending: { label: 'Not verified yet', color: 'gray.7' },
}

export function verificationLook(verification: string): BadgeLook {
  return VERIFICATIONS[verification] ?? { label: verification, color: 'gray.7' }
}

/** "2 jobs are failing: backup, retention." — the names in the order given. */
export function failingSummary(names: string[]): string {
  if (names.length === 0) return ''
  return `${names.length === 1 ? '1 job is' : `${names.length} jobs are`} failing: ${names.join(', ')}.`
}
