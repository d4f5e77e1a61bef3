import { describe, expect, test } from 'vitest'
import { ApiError, describeProblem, formatWait, problemFrom } from './problems.ts'

const type = (slug: string) => `https://bujjicoder.dev/problems/${slug}`

describe('describeProblem', () => {
  test('a lockout says when to try again, from Retry-After', () => {
    const problem = problemFrom(new Response(null, { status: 423, headers: { 'Retry-After': '300' } }), {
      type: type('locked-out'),
      title: 'Account locked',
    })
    expect(describeProblem(problem)).toBe('This account is locked after too many failed sign-ins. Try again in 5 minutes.')
  })

  test('a rate limit says how long to wait', () => {
    const problem = problemFrom(new Response(null, { status: 429, headers: { 'Retry-After': '12' } }), { type: type('rate-limited') })
    expect(describeProblem(problem)).toBe('Too many requests. Try again in 12 seconds.')
  })

  test('an exhausted budget names the reset time rather than a wait in seconds', () => {
    const message = describeProblem({ status: 429, type: type('budget-exceeded'), resetsAt: '2026-12-08T00:00:00Z', retryAfterSeconds: 50000 })
    expect(message).toMatch(/^You have used up your model budget\. It resets /)
  })

  test('validation errors list each field', () => {
    const message = describeProblem({ status: 400, errors: { name: ['The name is required.'], 'budget.dailyTokens': ['Must be positive.'] } })
    expect(message).toBe('Please check what you entered. name: The name is required. budget.dailyTokens: Must be positive.')
  })

  test('server errors never show internals, only the reference to quote', () => {
    const message = describeProblem({ status: 500, detail: 'NpgsqlException: relation "x" does not exist', traceId: '00-abc-01' })
    expect(message).toBe('Something went wrong on the server. (Reference: 00-abc-01)')
  })

  test('a problem without a body still gets a message from its status', () => {
    expect(new ApiError(problemFrom(new Response(null, { status: 404 }), undefined)).message).toMatch(/^Not found/)
  })
})

test('formatWait speaks in seconds, minutes, then clock time', () => {
  expect(formatWait(1)).toBe('in 1 second')
  expect(formatWait(45)).toBe('in 45 seconds')
  expect(formatWait(600)).toBe('in 10 minutes')
  expect(formatWait(7200, new Date('2026-12-07T10:00:00'))).toMatch(/^at 12:00/)
})
