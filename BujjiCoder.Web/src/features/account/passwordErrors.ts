import { ApiError, errorMessage } from '../../api/problems.ts'
import { fieldError } from './fieldError.ts'

export interface PasswordErrors {
  current?: string
  next?: string
  form?: string
}

const FIELDS = ['currentpassword', 'newpassword']

/**
 * Puts the Api's answer next to the field it is about: `currentPassword` (e.g. a wrong current password) and
 * `newPassword` (the password rules) on their inputs; anything else, or a problem without field errors, for the whole form.
 */
export function passwordErrors(error: unknown): PasswordErrors {
  if (!(error instanceof ApiError) || !error.problem.errors) return { form: errorMessage(error) }
  const others = Object.entries(error.problem.errors)
    .filter(([field]) => !FIELDS.includes(field.toLowerCase()))
    .flatMap(([, messages]) => messages)
  const result: PasswordErrors = {
    current: fieldError(error, 'currentPassword'),
    next: fieldError(error, 'newPassword'),
    form: others.length ? others.join(' ') : undefined,
  }
  // A validation problem with no messages at all still failed: say so rather than show nothing.
  return result.current || result.next || result.form ? result : { form: errorMessage(error) }
}
