import { describe, expect, it } from 'vitest'
import type { AdminUser } from './adminTypes.ts'
import { editsOf, userPatch } from './userPatch.ts'

const ada: AdminUser = {
  id: 'u1',
  userName: 'ada',
  email: 'ada@example.com',
  roles: ['User'],
  disabled: false,
  createdAt: '2026-12-01T00:00:00Z',
  lastLoginAt: null,
  budget: { dailyTokens: 1000, monthlyTokens: null, dailyCostUsd: null, monthlyCostUsd: 20, updatedAt: '2026-12-01T00:00:00Z', updatedBy: 'x' },
}

describe('userPatch', () => {
  it('sends nothing when nothing changed', () => {
    expect(userPatch(ada, editsOf(ada))).toBeNull()
  })

  it('sends only the roles when only the roles changed, whatever their order', () => {
    expect(userPatch(ada, { ...editsOf(ada), roles: ['Guest', 'Admin'] })).toEqual({ roles: ['Admin', 'Guest'] })
    expect(userPatch({ ...ada, roles: ['User', 'Admin'] }, { ...editsOf(ada), roles: ['Admin', 'User'] })).toBeNull()
  })

  it('sends only disabled when the account is disabled', () => {
    expect(userPatch(ada, { ...editsOf(ada), disabled: true })).toEqual({ disabled: true })
  })

  it('sends the whole budget when one limit changed, because the Api replaces the override as a whole', () => {
    const edits = editsOf(ada)
    const patch = userPatch(ada, { ...edits, budget: { ...edits.budget, dailyCostUsd: 1.5 } })
    expect(patch).toEqual({ budget: { dailyTokens: 1000, monthlyTokens: null, dailyCostUsd: 1.5, monthlyCostUsd: 20 } })
  })

  it('clears the override with all limits null when every field is blanked', () => {
    const cleared = { dailyTokens: null, monthlyTokens: null, dailyCostUsd: null, monthlyCostUsd: null }
    expect(userPatch(ada, { ...editsOf(ada), budget: cleared })).toEqual({ budget: cleared })
    expect(userPatch({ ...ada, budget: null }, { ...editsOf(ada), budget: cleared, roles: ['User'] })).toBeNull()
  })
})
