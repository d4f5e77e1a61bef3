/** How an import's outcome is told to the person who uploaded the archive. */
import { ApiError, describeProblem, formatWait, type Problem } from '../../api/problems.ts'
import type { Schemas } from '../../api/types.ts'
import type { ImportEntry } from './workspaceTypes.ts'

export type SkipCategory = 'gitignore' | 'excluded' | 'duplicate' | 'other'

export const skipCategoryLabels: Record<SkipCategory, string> = {
  gitignore: 'Ignored by .gitignore',
  excluded: 'Dependencies, build output and repository data (node_modules, bin, obj, .git)',
  duplicate: 'Duplicates in the archive (the last copy was kept)',
  other: 'Other',
}

/** The reasons are the Api's (Import/ImportSelection.cs, ArchiveScan.cs); grouping them gives the summary its shape. */
export function skipCategory(reason: string): SkipCategory {
  if (reason.startsWith('ignored by')) return 'gitignore'
  if (/is never imported|inside (\.git|node_modules|bin|obj)\/$/.test(reason)) return 'excluded'
  if (reason === 'duplicate') return 'duplicate'
  return 'other'
}

export function countSkipped(entries: readonly ImportEntry[]): { category: SkipCategory; count: number }[] {
  const counts = new Map<SkipCategory, number>()
  for (const entry of entries) {
    const category = skipCategory(entry.reason)
    counts.set(category, (counts.get(category) ?? 0) + 1)
  }
  const order: SkipCategory[] = ['gitignore', 'excluded', 'duplicate', 'other']
  return order.filter((c) => counts.has(c)).map((category) => ({ category, count: counts.get(category)! }))
}

export interface ImportFailure {
  title: string
  message: string
  /** The entries that made the Api refuse the archive (traversal, links, too large...), when it names them. */
  rejected: ImportEntry[]
}

// The Api's own detail is written for the uploader for these; it says what happened and that nothing was imported.
const DETAILED = new Set([
  'unsafe-archive',
  'invalid-archive',
  'archive-bomb',
  'too-many-entries',
  'too-large',
  'upload-too-large',
  'too-large-to-scan',
  'unsupported-archive',
  'archive-type-mismatch',
  'multipart-required',
  'file-required',
  'invalid-multipart',
  'import-queue-full',
  'import-interrupted',
  'scanner-unavailable',
  'import-failed',
])

/** The problem of a refused upload or a failed import job, ready to show. */
export function importFailure(error: unknown): ImportFailure | null {
  if (!(error instanceof ApiError)) return null
  return describeImportProblem(error.problem)
}

/** The problem a failed job carries (its nulls are absent fields), as the failure to show. */
export function describeJobProblem(error: Schemas['ProblemDetails']): ImportFailure {
  const fields = Object.fromEntries(Object.entries(error).filter(([, value]) => value !== null))
  return describeImportProblem({ ...fields, status: error.status ?? 500 })
}

export function describeImportProblem(problem: Problem): ImportFailure {
  const kind = problem.type?.split('/').pop() ?? ''
  const rejected = Array.isArray(problem.rejected) ? (problem.rejected as ImportEntry[]) : []
  const wait = problem.retryAfterSeconds !== undefined ? ` Try again ${formatWait(problem.retryAfterSeconds)}.` : ''
  if (kind === 'malware-detected') {
    const signature = typeof problem.signature === 'string' ? ` (${problem.signature})` : ''
    return {
      title: 'Malware found in the archive',
      message: `The virus scanner found malware${signature} in this archive, so nothing was imported. Check where the archive came from.`,
      rejected,
    }
  }
  if (problem.status === 403) {
    return { title: 'Not allowed', message: 'Viewers cannot import into this workspace. Ask an owner for the Editor role.', rejected }
  }
  if (DETAILED.has(kind) && problem.detail) {
    // The scanner's detail already ends in "Try again later."; the real wait replaces that.
    const detail = wait ? problem.detail.replace(/\s*Try again later\.?$/, '') : problem.detail
    return { title: problem.title ?? 'The archive was refused', message: `${detail}${wait}`, rejected }
  }
  return { title: problem.title ?? 'The import failed', message: describeProblem(problem), rejected }
}
