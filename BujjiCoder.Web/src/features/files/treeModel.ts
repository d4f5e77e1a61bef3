/**
 * The file tree as the screen shows it: the loaded directories flattened into one list of visible rows, which is
 * what the virtualiser renders a window of, and the WAI-ARIA tree keyboard moves over that list.
 */
import type { TreeEntry } from './filesTypes.ts'

export interface TreeRow {
  path: string
  name: string
  kind: 'file' | 'dir'
  /** 1-based depth (aria-level). */
  level: number
  /** Position among its siblings, 1-based (aria-posinset), and their count (aria-setsize): rows outside the window are not in the DOM. */
  posInSet: number
  setSize: number
  expanded: boolean
  /** Expanded, but its entries have not arrived yet. */
  loading: boolean
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? '' : path.slice(0, slash)
}

/** The directories that contain a path, outermost first: "a/b/c.cs" → ["a", "a/b"]. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1)
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'))
}

/**
 * Visible rows in order: each directory's entries (directories first, as the Api sends them) and, under every
 * expanded directory, its own. Iterative with an explicit stack, so it costs one pass over the visible rows.
 */
export function flattenTree(
  children: ReadonlyMap<string, readonly TreeEntry[]>,
  expanded: ReadonlySet<string>,
  root = '',
): TreeRow[] {
  const rows: TreeRow[] = []
  const stack: { entries: readonly TreeEntry[]; index: number; level: number }[] = []
  const top = children.get(root)
  if (top) stack.push({ entries: top, index: 0, level: 1 })
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]
    if (frame.index >= frame.entries.length) {
      stack.pop()
      continue
    }
    const entry = frame.entries[frame.index++]
    const isDir = entry.kind === 'dir'
    const open = isDir && expanded.has(entry.path)
    const below = open ? children.get(entry.path) : undefined
    rows.push({
      path: entry.path,
      name: nameOf(entry.path),
      kind: isDir ? 'dir' : 'file',
      level: frame.level,
      posInSet: frame.index,
      setSize: frame.entries.length,
      expanded: open,
      loading: open && below === undefined,
    })
    if (below && below.length > 0) stack.push({ entries: below, index: 0, level: frame.level + 1 })
  }
  return rows
}

export type TreeAction =
  | { type: 'focus'; index: number }
  | { type: 'expand'; path: string }
  | { type: 'collapse'; path: string }
  | { type: 'open'; path: string }

/** What a key does on the focused row (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/); null when nothing. */
export function treeKeyAction(rows: readonly TreeRow[], index: number, key: string): TreeAction | null {
  if (rows.length === 0) return null
  const at = Math.min(Math.max(index, 0), rows.length - 1)
  const row = rows[at]
  switch (key) {
    case 'ArrowDown':
      return at < rows.length - 1 ? { type: 'focus', index: at + 1 } : null
    case 'ArrowUp':
      return at > 0 ? { type: 'focus', index: at - 1 } : null
    case 'Home':
      return { type: 'focus', index: 0 }
    case 'End':
      return { type: 'focus', index: rows.length - 1 }
    case 'ArrowRight':
      if (row.kind !== 'dir') return null
      if (!row.expanded) return { type: 'expand', path: row.path }
      return rows[at + 1]?.level > row.level ? { type: 'focus', index: at + 1 } : null
    case 'ArrowLeft': {
      if (row.kind === 'dir' && row.expanded) return { type: 'collapse', path: row.path }
      for (let i = at - 1; i >= 0; i--) if (rows[i].level < row.level) return { type: 'focus', index: i }
      return null
    }
    case 'Enter':
    case ' ':
      if (row.kind === 'file') return { type: 'open', path: row.path }
      return row.expanded ? { type: 'collapse', path: row.path } : { type: 'expand', path: row.path }
  }
  return null
}
