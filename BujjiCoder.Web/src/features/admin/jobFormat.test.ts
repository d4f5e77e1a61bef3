import { describe, expect, it } from 'vitest'
import { failingSummary, formatDuration, formatInterval, formatRelative, isOverdue, outcomeLook, verificationLook } from './jobFormat.ts'

describe('a job schedule in words', () => {
  it('says the largest whole unit', () => {
    expect(formatInterval(3600)).toBe('Every hour')
    expect(formatInterval(86_400)).toBe('Every day')
    expect(formatInterval(604_800)).toBe('Every week')
    expect(formatInterval(300)).toBe('Every 5 minutes')
    expect(formatInterval(6 * 3600)).toBe('Every 6 hours')
  })

  it('keeps spacings that are not a whole larger unit in the smaller one', () => {
    expect(formatInterval(5400)).toBe('Every 90 minutes')
    expect(formatInterval(90)).toBe('Every 90 seconds')
    expect(formatInterval(1)).toBe('Every second')
    expect(formatInterval(2.5)).toBe('Every 2.5 seconds')
  })

  it('does not pretend a zero spacing is a schedule', () => {
    expect(formatInterval(0)).toBe('Not scheduled')
  })
})

describe('a duration in words', () => {
  it('grows its unit with the length', () => {
    expect(formatDuration(0)).toBe('0 ms')
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(4_230)).toBe('4.2 s')
    expect(formatDuration(42_900)).toBe('42 s')
    expect(formatDuration(192_000)).toBe('3 min 12 s')
    expect(formatDuration(180_000)).toBe('3 min')
    expect(formatDuration(3_900_000)).toBe('1 h 5 min')
    expect(formatDuration(7_200_000)).toBe('2 h')
  })

  it('is a dash for a run still going', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(undefined)).toBe('—')
  })
})

describe('when, relative to now', () => {
  const now = new Date('2026-12-07T15:00:00Z')

  it('says the future and the past in the nearest unit', () => {
    expect(formatRelative('2026-12-07T15:12:00Z', now)).toBe('in 12 minutes')
    expect(formatRelative('2026-12-07T12:00:00Z', now)).toBe('3 hours ago')
    expect(formatRelative('2026-12-05T15:00:00Z', now)).toBe('2 days ago')
    expect(formatRelative('2026-12-07T15:00:10Z', now)).toBe('now')
  })

  it('reads a time without a zone (embedded SQLite) as UTC', () => {
    expect(formatRelative('2026-12-07T16:00:00', now)).toBe('in 1 hour')
  })
})

describe('an overdue job', () => {
  const now = new Date('2026-12-07T15:00:00Z')

  it('is one whose next slot started over a minute ago and nobody claimed it', () => {
    expect(isOverdue('2026-12-07T14:55:00Z', now)).toBe(true)
    expect(isOverdue('2026-12-07T14:59:30Z', now)).toBe(false)
    expect(isOverdue('2026-12-07T16:00:00Z', now)).toBe(false)
  })
})

describe('badges', () => {
  it('colour a failed or abandoned run apart from a good one', () => {
    expect(outcomeLook('succeeded')).toEqual({ label: 'Succeeded', color: 'teal.9' })
    expect(outcomeLook('failed').color).toBe('red.9')
    expect(outcomeLook('abandoned').label).toBe('Abandoned')
    expect(outcomeLook('abandoned').color).not.toBe(outcomeLook('succeeded').color)
  })

  it('show an outcome the web app does not know yet as it is', () => {
    expect(outcomeLook('exploded')).toEqual({ label: 'exploded', color: 'gray.7' })
  })

  it('tell a verified backup from a failed and a pending one', () => {
    expect(verificationLook('verified').label).toBe('Verified')
    expect(verificationLook('failed')).toEqual({ label: 'Verification failed', color: 'red.9' })
    expect(verificationLook('pending').label).toBe('Not verified yet')
  })
})

describe('the failing summary', () => {
  it('names every failing job and is empty when none fails', () => {
    expect(failingSummary(['backup'])).toBe('1 job is failing: backup.')
    expect(failingSummary(['backup', 'retention'])).toBe('2 jobs are failing: backup, retention.')
    expect(failingSummary([])).toBe('')
  })
})
