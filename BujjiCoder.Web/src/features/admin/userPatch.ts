import type { AdminUser, BudgetLimits, UserPatch } from './adminTypes.ts'

export interface UserEdits {
  roles: string[]
  disabled: boolean
  budget: BudgetLimits
}

const LIMITS = ['dailyTokens', 'monthlyTokens', 'dailyCostUsd', 'monthlyCostUsd'] as const

/** The user's override as the edit form starts from it; null everywhere when the role defaults apply. */
export function currentBudget(user: AdminUser): BudgetLimits {
  const budget = user.budget
  return {
    dailyTokens: budget?.dailyTokens ?? null,
    monthlyTokens: budget?.monthlyTokens ?? null,
    dailyCostUsd: budget?.dailyCostUsd ?? null,
    monthlyCostUsd: budget?.monthlyCostUsd ?? null,
  }
}

export function editsOf(user: AdminUser): UserEdits {
  return { roles: [...user.roles], disabled: user.disabled, budget: currentBudget(user) }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n')
}

/**
 * The PATCH body for what the admin changed, and nothing else: each field the Api receives is a decision (a role
 * change renews the user's security stamp and signs them out), so an unchanged field is never sent. The budget is
 * replaced as a whole by the Api, so when any limit changed all four go. Null when nothing changed.
 */
export function userPatch(user: AdminUser, edits: UserEdits): UserPatch | null {
  const patch: UserPatch = {}
  if (!sameRoles(user.roles, edits.roles)) patch.roles = [...edits.roles].sort()
  if (user.disabled !== edits.disabled) patch.disabled = edits.disabled
  const before = currentBudget(user)
  if (LIMITS.some((limit) => before[limit] !== edits.budget[limit])) patch.budget = { ...edits.budget }
  return Object.keys(patch).length > 0 ? patch : null
}
