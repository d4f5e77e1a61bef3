import { ApiError, errorMessage } from '../../api/problems.ts'

export interface PasswordErrors {
  current?: string
  next?: string
  form?: string
}

/**
 * Puts the Api's answer next to the field it is about. The Api files every Identity password error under
 * `newPassword`, including "Incorrect password." for a wrong current one, so that message is moved to the current field.
 */
export function passwordErrors(error: unknown): PasswordErrors {
  if (!(error instanceof ApiError) || !error.problem.errors) return { form: errorMessage(error) }
  const result: PasswordErrors = {}
  const next: string[] = []
  for (const [field, messages] of Object.entries(error.problem.errors)) {
    for (const message of messages) {
      if (/incorrect password/i.test(message)) result.current = 'This is not your current password.'
      else if (field.toLowerCase() === 'newpassword') next.push(message)
      else if (field.toLowerCase() === 'currentpassword') result.current = message
      else result.form = [result.form, message].filter(Boolean).join(' ')
    }
  }
  if (next.length) result.next = next.join(' ')
  return result
}
