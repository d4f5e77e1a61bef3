import { describe, expect, it } from 'vitest'
import { auditQuery, filtersFromParams, pageFromParams, paramsFor, type AuditFilters } from './auditQuery.ts'

const none: AuditFilters = { action: '', actorId: '', outcome: '', from: '', to: '' }

describe('auditQuery', () => {
  it('sends only the paging when no filter is set', () => {
    expect(new URLSearchParams(auditQuery(none, 1) as never).toString()).toBe('page=1&pageSize=50')
  })

  it('sends each filter, with the dates as local midnights and the to-day included', () => {
    const query = auditQuery(
      { action: 'auth.login', actorId: 'a7193dd1-60b1-4d53-9a46-822b063bf25f', outcome: 'denied', from: '2026-12-01', to: '2026-12-07' },
      3,
    )
    expect(query).toEqual({
      page: 3,
      pageSize: 50,
      action: 'auth.login',
      actorId: 'a7193dd1-60b1-4d53-9a46-822b063bf25f',
      outcome: 'denied',
      from: new Date(2026, 11, 1).toISOString(),
      to: new Date(2026, 11, 8).toISOString(),
    })
  })

  it('leaves out a date that is not a date', () => {
    expect(auditQuery({ ...none, from: 'garbage' }, 1)).not.toHaveProperty('From')
  })
})

describe('the audit page URL', () => {
  it('round-trips the filters and the page, leaving out empty ones and page 1', () => {
    const filters = { ...none, action: 'token.create', to: '2026-12-07' }
    const params = paramsFor(filters, 2)
    expect(params.toString()).toBe('action=token.create&to=2026-12-07&page=2')
    expect(filtersFromParams(params)).toEqual(filters)
    expect(pageFromParams(params)).toBe(2)
    expect(paramsFor(filters).has('page')).toBe(false)
  })

  it('starts at page 1 for a missing or nonsensical page', () => {
    expect(pageFromParams(new URLSearchParams('page=-4'))).toBe(1)
    expect(pageFromParams(new URLSearchParams('page=abc'))).toBe(1)
  })
})
