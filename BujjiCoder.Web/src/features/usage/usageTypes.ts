// TODO(openapi): /me/usage and /admin/usage declare no response schema yet; these mirror the C# records in
// BujjiCoder.Api/Usage/UsageContracts.cs and Budgets/BudgetContracts.cs. Switch to generated types when schema.d.ts has them.

export type UsageGroupBy = 'day' | 'model'

export interface UsageTotals {
  requests: number
  inputTokens: number
  outputTokens: number
  costUsd: number
  cacheHits: number
}

/** One group: a day (yyyy-MM-dd, UTC) or a model id; `userId` only in the admin report. */
export interface UsageRow extends UsageTotals {
  key: string
  userId: string | null
}

/** One budget period; null limits and remainders mean unlimited. */
export interface BudgetPeriodReport {
  tokens: number | null
  costUsd: number | null
  usedTokens: number
  usedCostUsd: number
  remainingTokens: number | null
  remainingCostUsd: number | null
  resetsAt: string
}

export interface BudgetReport {
  daily: BudgetPeriodReport
  monthly: BudgetPeriodReport
}

export interface UsageReport {
  from: string
  to: string
  groupBy: UsageGroupBy
  totals: UsageTotals
  rows: UsageRow[]
  /** The caller's budget now; null in the admin report. */
  budget: BudgetReport | null
}
