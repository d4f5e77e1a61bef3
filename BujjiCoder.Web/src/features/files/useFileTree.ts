import { useQueries, type UseQueryResult } from '@tanstack/react-query'
import { useCallback, useMemo, useState } from 'react'
import { ApiError } from '../../api/problems.ts'
import { listDirectory } from './fileApi.ts'
import type { TreeEntry } from './filesTypes.ts'
import { ancestorsOf, flattenTree } from './treeModel.ts'

export const treeKey = (ws: string, dir?: string) => (dir === undefined ? ['files', ws, 'tree'] : ['files', ws, 'tree', dir])

interface Loaded {
  children: Map<string, TreeEntry[]>
  rootPending: boolean
  rootError: unknown
}

// Stable, so react-query keeps the combined value (and the rows memo below) until a listing actually changes.
function combine(results: UseQueryResult<{ dir: string; entries: TreeEntry[] }>[]): Loaded {
  const children = new Map<string, TreeEntry[]>()
  for (const result of results) if (result.data) children.set(result.data.dir, result.data.entries)
  return { children, rootPending: results[0].isPending, rootError: results[0].error }
}

/** A folder whose last file was deleted or moved no longer exists (404): it is simply empty now. */
async function listOrEmpty(ws: string, dir: string, signal: AbortSignal): Promise<TreeEntry[]> {
  try {
    return await listDirectory(ws, dir, signal)
  } catch (error) {
    if (dir !== '' && error instanceof ApiError && error.status === 404) return []
    throw error
  }
}

/**
 * The tree's visible rows. Only the root and the directories the user opened are fetched, one listing each,
 * so a 10,000-file workspace costs what its open folders hold. Opening a file's URL opens its ancestors.
 */
export function useFileTree(ws: string, openPath: string) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(ancestorsOf(openPath)))
  const [revealed, setRevealed] = useState(openPath)
  if (revealed !== openPath) {
    // A link to another file (search hit, chat chip) shows that file in the tree too.
    setRevealed(openPath)
    const missing = ancestorsOf(openPath).filter((dir) => !expanded.has(dir))
    if (missing.length > 0) setExpanded(new Set([...expanded, ...missing]))
  }

  const dirs = useMemo(() => ['', ...[...expanded].sort()], [expanded])
  const loaded = useQueries({
    queries: dirs.map((dir) => ({
      queryKey: treeKey(ws, dir),
      queryFn: async ({ signal }: { signal: AbortSignal }) => ({ dir, entries: await listOrEmpty(ws, dir, signal) }),
      staleTime: 30_000,
    })),
    combine,
  })
  const rows = useMemo(() => flattenTree(loaded.children, expanded), [loaded.children, expanded])

  const setOpen = useCallback((dir: string, open: boolean) => {
    setExpanded((current) => {
      if (current.has(dir) === open) return current
      const next = new Set(current)
      if (open) next.add(dir)
      else for (const path of current) if (path === dir || path.startsWith(`${dir}/`)) next.delete(path)
      return next
    })
  }, [])

  return { rows, setOpen, pending: loaded.rootPending, error: loaded.rootError }
}
