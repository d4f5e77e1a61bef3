import { describe, expect, test } from 'vitest'
import { ApiError } from '../../api/problems.ts'
import { memberErrorMessage } from './memberProblems.ts'

const problem = (status: number, kind?: string, detail?: string) =>
  new ApiError({ status, type: kind && `https://bujjicoder.dev/problems/${kind}`, detail })

describe('member problems', () => {
  test('an unknown user is named back to whoever typed it', () => {
    expect(memberErrorMessage(problem(404, 'user-not-found'), 'grace')).toContain('"grace"')
  })

  test('the last owner cannot be demoted or removed, and the message says what to do instead', () => {
    expect(memberErrorMessage(problem(409, 'last-owner'))).toBe('A workspace needs at least one owner. Make someone else an Owner first.')
  })

  test('a non-owner is told only owners manage members', () => {
    expect(memberErrorMessage(problem(403))).toMatch(/Only owners/)
  })

  test('another conflict keeps the Api’s own explanation', () => {
    expect(memberErrorMessage(problem(409, 'something-new', 'Because of X.'))).toBe('Because of X.')
  })
})
