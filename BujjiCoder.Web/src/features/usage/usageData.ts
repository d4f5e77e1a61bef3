/**
 * Turns the Api's usage report into what the charts and tables draw. The Api groups days by UTC date and leaves out
 * days without calls, so a quiet day would silently vanish from a bar chart; here every day of the window gets a point.
 */
import type { BudgetPeriodReport, UsageRow, UsageTotals } from './usageTypes.ts'

export const RANGES = [7, 30, 90] as const
export type UsageRange = (typeof RANGES)[number]

const DAY_MS = 24 * 60 * 60 * 1000

/** Start of the window: UTC midnight `days - 1` days before today, so "7 days" is today and the six before it. */
export function windowStart(days: UsageRange, now = new Date()): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return new Date(today - (days - 1) * DAY_MS)
}

export interface DayPoint extends UsageTotals {
  /** yyyy-MM-dd (UTC), as the Api keys days. */
  day: string
  /** "Dec 7": short enough for an axis tick. */
  label: string
  totalTokens: number
}

export interface ModelPoint extends UsageTotals {
  model: string
  totalTokens: number
}

export interface UserPoint extends UsageTotals {
  userId: string
  userName: string
  totalTokens: number
}

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })

function zero(): UsageTotals {
  return { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, cacheHits: 0 }
}

function add(into: UsageTotals, row: UsageTotals) {
  into.requests += row.requests
  into.inputTokens += row.inputTokens
  into.outputTokens += row.outputTokens
  // Costs arrive as decimals of a dollar; summing floats drifts, so sum in millionths as the Api stores them.
  into.costUsd = Math.round(into.costUsd * 1e6 + row.costUsd * 1e6) / 1e6
  into.cacheHits += row.cacheHits
}

/** One point per UTC day from `from` to `to` inclusive; rows of several users on one day are summed. */
export function dailySeries(rows: UsageRow[], from: Date, to: Date): DayPoint[] {
  const byDay = new Map<string, UsageTotals>()
  for (const row of rows) {
    const totals = byDay.get(row.key) ?? zero()
    add(totals, row)
    byDay.set(row.key, totals)
  }
  const points: DayPoint[] = []
  const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate())
  for (let t = first; t <= to.getTime(); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10)
    const totals = byDay.get(day) ?? zero()
    points.push({ ...totals, day, label: dayLabel.format(new Date(t)), totalTokens: totals.inputTokens + totals.outputTokens })
  }
  return points
}

/** One point per model, the busiest first; rows of several users are summed. */
export function modelSeries(rows: UsageRow[]): ModelPoint[] {
  const byModel = new Map<string, UsageTotals>()
  for (const row of rows) {
    const totals = byModel.get(row.key) ?? zero()
    add(totals, row)
    byModel.set(row.key, totals)
  }
  return [...byModel.entries()]
    .map(([model, totals]) => ({ ...totals, model, totalTokens: totals.inputTokens + totals.outputTokens }))
    .sort((a, b) => b.totalTokens - a.totalTokens || a.model.localeCompare(b.model))
}

/** The admin report per user, the most expensive first; a deleted user (no name any more) shows the id. */
export function userBreakdown(rows: UsageRow[]): UserPoint[] {
  const byUser = new Map<string, UsageTotals>()
  const names = new Map<string, string>()
  for (const row of rows) {
    const id = row.userId ?? ''
    const totals = byUser.get(id) ?? zero()
    add(totals, row)
    byUser.set(id, totals)
    if (row.userName) names.set(id, row.userName)
  }
  return [...byUser.entries()]
    .map(([userId, totals]) => ({
      ...totals,
      userId,
      userName: names.get(userId) ?? (userId || 'Unknown user'),
      totalTokens: totals.inputTokens + totals.outputTokens,
    }))
    .sort((a, b) => b.costUsd - a.costUsd || b.totalTokens - a.totalTokens || a.userName.localeCompare(b.userName))
}

export interface BudgetMeter {
  kind: 'tokens' | 'cost'
  used: number
  /** null: no limit. */
  limit: number | null
  remaining: number | null
  /** 0–100 for a Progress bar; 0 when unlimited, 100 when a limit of 0 allows nothing. */
  percent: number
}

export function budgetMeters(period: BudgetPeriodReport): BudgetMeter[] {
  const meter = (kind: BudgetMeter['kind'], used: number, limit: number | null, remaining: number | null): BudgetMeter => ({
    kind,
    used,
    limit,
    remaining,
    percent: limit === null ? 0 : limit <= 0 ? 100 : Math.min(100, (used / limit) * 100),
  })
  return [
    meter('tokens', period.usedTokens, period.tokens, period.remainingTokens),
    meter('cost', period.usedCostUsd, period.costUsd, period.remainingCostUsd),
  ]
}

/** Green, then yellow past 75 %, red past 90 %: the colour says how close the wall is. */
export function meterColor(percent: number): string {
  return percent >= 90 ? 'red' : percent >= 75 ? 'yellow' : 'teal'
}
