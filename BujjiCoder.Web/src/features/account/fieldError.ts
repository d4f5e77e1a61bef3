import { ApiError } from '../../api/problems.ts'

/** The Api's validation message for one field (keys are camelCase, matched case-insensitively), if any. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || !error.problem.errors) return undefined
  const entry = Object.entries(error.problem.errors).find(([key]) => key.toLowerCase() === field.toLowerCase())
  return entry?.[1].join(' ')
}
