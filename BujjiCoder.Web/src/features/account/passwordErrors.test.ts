import { describe, expect, it } from 'vitest'
import { ApiError } from '../../api/problems.ts'
import { passwordErrors } from './passwordErrors.ts'

const validation = (errors: Record<string, string[]>) => new ApiError({ status: 400, title: 'Validation', errors })

describe('passwordErrors', () => {
  it('puts a wrong current password next to the current-password field', () => {
    const errors = passwordErrors(validation({ currentPassword: ['Incorrect password.'] }))
    expect(errors.current).toBe('Incorrect password.')
    expect(errors.next).toBeUndefined()
    expect(errors.form).toBeUndefined()
  })

  it('keeps the rules about the new password on the new-password field', () => {
    const errors = passwordErrors(
      validation({ newPassword: ['Passwords must be at least 12 characters.', 'This password is on a list of commonly used passwords; choose another.'] }),
    )
    expect(errors.current).toBeUndefined()
    expect(errors.next).toContain('at least 12 characters')
    expect(errors.next).toContain('commonly used')
  })

  it('files a message by its field, not by its wording', () => {
    expect(passwordErrors(validation({ newPassword: ['Incorrect password.'] }))).toEqual({ next: 'Incorrect password.' })
  })

  it('explains errors about no field for the whole form', () => {
    expect(passwordErrors(validation({ '': ['Optimistic concurrency failure, object has been modified.'] }))).toEqual({
      form: 'Optimistic concurrency failure, object has been modified.',
    })
  })

  it('explains anything else for the whole form, e.g. a rate limit with its wait', () => {
    const limited = new ApiError({ status: 429, type: 'https://bujjicoder.dev/problems/rate-limited', retryAfterSeconds: 30 })
    expect(passwordErrors(limited).form).toMatch(/Too many requests.*30 seconds/)
  })
})
