import type { Schemas } from '../../api/types.ts'

export type UsageGroupBy = 'day' | 'model'
export type UsageTotals = Schemas['UsageTotals']
/** One group: a day (yyyy-MM-dd, UTC) or a model id; `userId` and `userName` only in the admin report. */
export type UsageRow = Schemas['UsageRow']
/** One budget period; null limits and remainders mean unlimited. */
export type BudgetPeriodReport = Schemas['BudgetPeriodReport']
export type BudgetReport = Schemas['BudgetReport']
export type UsageReport = Schemas['UsageReport']
