import { describe, expect, it } from 'vitest'
import { budgetMeters, dailySeries, modelSeries, userBreakdown, windowStart } from './usageData.ts'
import type { UsageRow } from './usageTypes.ts'

function row(key: string, partial: Partial<UsageRow> = {}): UsageRow {
  return { key, userId: null, requests: 1, inputTokens: 10, outputTokens: 5, costUsd: 0.001, cacheHits: 0, ...partial }
}

describe('windowStart', () => {
  it('starts seven days back at UTC midnight so the window is today and the six days before', () => {
    expect(windowStart(7, new Date('2026-12-07T15:30:00Z')).toISOString()).toBe('2026-12-01T00:00:00.000Z')
  })
})

describe('dailySeries', () => {
  it('gives every day of the window a point, with zeros for days without calls', () => {
    const points = dailySeries([row('2026-12-02', { inputTokens: 100 })], new Date('2026-12-01T00:00:00Z'), new Date('2026-12-03T10:00:00Z'))
    expect(points.map((p) => p.day)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03'])
    expect(points.map((p) => p.inputTokens)).toEqual([0, 100, 0])
    expect(points[1].totalTokens).toBe(105)
  })

  it('sums the rows of several users on the same day without floating-point drift in the cost', () => {
    const points = dailySeries(
      [row('2026-12-01', { userId: 'a', costUsd: 0.1 }), row('2026-12-01', { userId: 'b', costUsd: 0.2 })],
      new Date('2026-12-01T00:00:00Z'),
      new Date('2026-12-01T12:00:00Z'),
    )
    expect(points).toHaveLength(1)
    expect(points[0].requests).toBe(2)
    expect(points[0].costUsd).toBe(0.3)
  })
})

describe('modelSeries', () => {
  it('merges users per model and puts the busiest model first', () => {
    const models = modelSeries([
      row('small', { userId: 'a', inputTokens: 10 }),
      row('large', { userId: 'a', inputTokens: 500 }),
      row('small', { userId: 'b', inputTokens: 10, cacheHits: 2 }),
    ])
    expect(models.map((m) => m.model)).toEqual(['large', 'small'])
    expect(models[1]).toMatchObject({ requests: 2, inputTokens: 20, cacheHits: 2 })
  })
})

describe('userBreakdown', () => {
  it('sums each user over the days, names them, falls back to the id for deleted users and orders by cost', () => {
    const users = userBreakdown([
      row('2026-12-01', { userId: 'u1', userName: 'alice', costUsd: 1 }),
      row('2026-12-02', { userId: 'u2', userName: null, costUsd: 3 }),
      row('2026-12-03', { userId: 'u1', userName: 'alice', costUsd: 1 }),
    ])
    expect(users.map((u) => [u.userName, u.costUsd, u.requests])).toEqual([
      ['u2', 3, 1],
      ['alice', 2, 2],
    ])
  })
})

describe('budgetMeters', () => {
  const period = {
    tokens: 1000,
    costUsd: null,
    usedTokens: 250,
    usedCostUsd: 0.5,
    remainingTokens: 750,
    remainingCostUsd: null,
    resetsAt: '2026-12-08T00:00:00Z',
  }

  it('reports a limited meter in percent and an unlimited one as having no limit', () => {
    const [tokens, cost] = budgetMeters(period)
    expect(tokens).toMatchObject({ kind: 'tokens', percent: 25, remaining: 750 })
    expect(cost).toMatchObject({ kind: 'cost', limit: null, percent: 0 })
  })

  it('shows a limit of zero as full, and over-use never beyond 100 %', () => {
    expect(budgetMeters({ ...period, tokens: 0, remainingTokens: 0 })[0].percent).toBe(100)
    expect(budgetMeters({ ...period, usedTokens: 5000, remainingTokens: 0 })[0].percent).toBe(100)
  })
})
