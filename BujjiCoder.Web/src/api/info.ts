/** Response of `GET /api/v1/info`: what this Bujji Coder instance is and how it is configured. */
export interface ApiInfo {
  name: string
  version: string
  environment: string
  /** Runtime mode, e.g. "local". */
  mode: string
  /** Database provider, e.g. "postgresql". */
  database: string
  /** Cache provider, e.g. "redis". */
  cache: string
  /** Who may register, e.g. "open". */
  registrationMode: string
  /** Configured LLM providers; empty when none are configured. */
  providers: string[]
  /** Feature flags by name. */
  features: Record<string, boolean>
}

export const INFO_URL = '/api/v1/info'

/** A failed call to the Api. `status` is the HTTP status, or undefined when no response arrived. */
export class ApiError extends Error {
  readonly status: number | undefined

  constructor(message: string, status?: number, options?: ErrorOptions) {
    super(message, options)
    this.name = 'ApiError'
    this.status = status
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

/**
 * Fetches the instance information from the Api (relative URL, so it goes
 * through the Vite proxy in development and the same origin in production).
 * Throws an {@link ApiError} on a network failure, a non-2xx status or a body
 * that is not JSON; an abort through `signal` rethrows the AbortError.
 */
export async function fetchInfo(signal?: AbortSignal): Promise<ApiInfo> {
  let response: Response
  try {
    response = await fetch(INFO_URL, {
      headers: { Accept: 'application/json' },
      signal,
    })
  } catch (error) {
    if (isAbortError(error)) throw error
    throw new ApiError('Could not reach the Bujji Coder API (network error)', undefined, {
      cause: error,
    })
  }

  if (!response.ok) {
    throw new ApiError(
      `Could not reach the Bujji Coder API (HTTP ${response.status})`,
      response.status,
    )
  }

  try {
    return (await response.json()) as ApiInfo
  } catch (error) {
    if (isAbortError(error)) throw error
    throw new ApiError(
      `The Bujji Coder API returned an invalid response (HTTP ${response.status})`,
      response.status,
      { cause: error },
    )
  }
}
