/**
 * Problem details (RFC 9457) as the Api sends them, and what to tell a person about each. Messages are written for
 * the user in front of the screen: what happened and what they can do, with the wait when the Api gives one.
 */
export interface Problem {
  type?: string
  title?: string
  status: number
  detail?: string
  traceId?: string
  errors?: Record<string, string[]>
  /** From the Retry-After header (429, 423, 503). */
  retryAfterSeconds?: number
  resetsAt?: string
  [extension: string]: unknown
}

export class ApiError extends Error {
  readonly problem: Problem

  constructor(problem: Problem) {
    super(describeProblem(problem))
    this.name = 'ApiError'
    this.problem = problem
  }

  get status(): number {
    return this.problem.status
  }

  /** The last segment of the problem type, e.g. "budget-exceeded". */
  get kind(): string | undefined {
    return this.problem.type?.split('/').pop()
  }
}

export function problemFrom(response: Response, body: unknown): Problem {
  const problem: Problem =
    body && typeof body === 'object' ? { ...(body as Problem), status: response.status } : { status: response.status }
  const retryAfter = response.headers.get('Retry-After')
  if (retryAfter) {
    const seconds = Number(retryAfter)
    problem.retryAfterSeconds = Number.isFinite(seconds)
      ? seconds
      : Math.max(0, Math.round((Date.parse(retryAfter) - Date.now()) / 1000))
  }
  return problem
}

/** "in 40 seconds", "in 3 minutes", "at 14:05". */
export function formatWait(seconds: number, now = new Date()): string {
  if (seconds < 90) return `in ${Math.max(1, Math.round(seconds))} second${Math.round(seconds) === 1 ? '' : 's'}`
  if (seconds < 60 * 60) return `in ${Math.ceil(seconds / 60)} minutes`
  const at = new Date(now.getTime() + seconds * 1000)
  return `at ${at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
}

function kindOf(problem: Problem): string | undefined {
  return problem.type?.split('/').pop()
}

function validationMessage(errors: Record<string, string[]>): string {
  const lines = Object.entries(errors).flatMap(([field, messages]) =>
    messages.map((message) => (field ? `${field}: ${message}` : message)),
  )
  return `Please check what you entered. ${lines.join(' ')}`
}

export function describeProblem(problem: Problem): string {
  const wait = problem.retryAfterSeconds !== undefined ? ` Try again ${formatWait(problem.retryAfterSeconds)}.` : ''
  switch (kindOf(problem)) {
    case 'locked-out':
      return `This account is locked after too many failed sign-ins.${wait || ' Try again later.'}`
    case 'rate-limited':
      return `Too many requests.${wait || ' Wait a moment and try again.'}`
    case 'budget-exceeded': {
      const resets = problem.resetsAt
        ? ` It resets ${new Date(problem.resetsAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}.`
        : wait
      return `You have used up your model budget.${resets}`
    }
    case 'invalid-credentials':
      return 'The user name, e-mail or password is not right.'
  }
  if (problem.errors && Object.keys(problem.errors).length > 0) return validationMessage(problem.errors)
  switch (problem.status) {
    case 401:
      return 'Your session has ended. Sign in again.'
    case 403:
      return problem.detail ?? 'You are not allowed to do that.'
    case 404:
      return problem.detail ?? 'Not found. It may have been deleted, or you may not have access to it.'
    case 412:
      return 'It changed since you opened it.'
    case 413:
      return problem.detail ?? 'That is too large.'
    case 423:
      return `This account is locked.${wait}`
    case 429:
      return `Too many requests.${wait || ' Wait a moment and try again.'}`
    case 502:
    case 503:
    case 504:
      return `${problem.detail ?? 'A service Bujji Coder needs is not answering.'}${wait || ' Try again shortly.'}`
  }
  if (problem.status >= 500) {
    return `Something went wrong on the server.${problem.traceId ? ` (Reference: ${problem.traceId})` : ''}`
  }
  return problem.detail ?? problem.title ?? `The request failed (${problem.status}).`
}

/** A message for anything a call may throw: problems, network failures, aborts. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof TypeError) return 'The Bujji Coder Api could not be reached.'
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}
