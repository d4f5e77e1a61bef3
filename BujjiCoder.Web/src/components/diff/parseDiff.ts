/**
 * Unified diffs (as the Api writes and the model proposes them) turned into rows a table can show. jsdiff's
 * parsePatch reads the headers and hunks; this adds what a reader needs: the file's path and status, +/- counts,
 * each line's old and new number, and side-by-side pairs for the split view.
 */
import { parsePatch, type StructuredPatch } from 'diff'

export type DiffLineKind = 'context' | 'added' | 'removed' | 'note'

export interface DiffLine {
  kind: DiffLineKind
  text: string
  oldLine?: number
  newLine?: number
}

export interface DiffHunk {
  header: string
  lines: DiffLine[]
}

export type DiffFileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'binary'

export interface DiffFile {
  path: string
  oldPath?: string
  status: DiffFileStatus
  additions: number
  deletions: number
  hunks: DiffHunk[]
  /** For files the diff names without showing (binary or too large): what the Api said instead. */
  note?: string
}

export interface ParsedDiff {
  files: DiffFile[]
  /** Lines about the diff as a whole, e.g. "# 3 more file(s) not shown". */
  notes: string[]
}

// The Api writes these instead of hunks for files it will not diff (see RevisionEndpoints.DiffAsync).
const UNDIFFED = /^(Binary files|Large files \(not diffed\)) (.+) and (.+) differ$/

function stripPrefix(name: string | undefined): string | undefined {
  if (!name || name === '/dev/null') return undefined
  return name.replace(/^[ab]\//, '')
}

function toFile(patch: StructuredPatch): DiffFile {
  const oldPath = stripPrefix(patch.oldFileName)
  const newPath = stripPrefix(patch.newFileName)
  const status: DiffFileStatus = !oldPath ? 'added' : !newPath ? 'deleted' : oldPath !== newPath ? 'renamed' : 'modified'
  let additions = 0
  let deletions = 0
  const hunks = patch.hunks.map((hunk): DiffHunk => {
    // jsdiff reports an empty side's start one past the "-0,0" of the header; no line on that side is numbered.
    let oldLine = hunk.oldStart
    let newLine = hunk.newStart
    const lines = hunk.lines.map((raw): DiffLine => {
      const text = raw.slice(1)
      switch (raw[0]) {
        case '+':
          additions++
          return { kind: 'added', text, newLine: newLine++ }
        case '-':
          deletions++
          return { kind: 'removed', text, oldLine: oldLine++ }
        case '\\':
          return { kind: 'note', text: raw.slice(2) }
        default:
          return { kind: 'context', text, oldLine: oldLine++, newLine: newLine++ }
      }
    })
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart
    return { header: `@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`, lines }
  })
  return {
    path: newPath ?? oldPath ?? '(unnamed)',
    oldPath: status === 'renamed' ? oldPath : undefined,
    status,
    additions,
    deletions,
    hunks,
  }
}

/** Parses a unified diff; throws when it is not one (jsdiff's message says where). */
export function parseDiff(text: string): ParsedDiff {
  const files: DiffFile[] = []
  const notes: string[] = []
  const kept: string[] = []
  for (const line of text.split('\n')) {
    const undiffed = UNDIFFED.exec(line)
    if (undiffed) {
      const before = stripPrefix(undiffed[2])
      const after = stripPrefix(undiffed[3])
      files.push({
        path: after ?? before ?? '(unnamed)',
        status: 'binary',
        additions: 0,
        deletions: 0,
        hunks: [],
        note: undiffed[1] === 'Binary files' ? 'Binary file, not shown.' : 'Too large to show.',
      })
    } else if (line.startsWith('# ')) {
      notes.push(line.slice(2))
    } else {
      kept.push(line)
    }
  }
  const patches = parsePatch(kept.join('\n')).filter((p) => p.oldFileName || p.newFileName || p.hunks.length > 0)
  return { files: [...patches.map(toFile), ...files], notes }
}

export interface SplitRow {
  kind: 'hunk' | 'lines'
  header?: string
  left?: DiffLine
  right?: DiffLine
}

/**
 * Side-by-side rows: context on both sides, and each run of removed lines paired with the added lines that
 * follow it (the usual "this became that"), the shorter side padded with empty cells.
 */
export function splitRows(file: DiffFile): SplitRow[] {
  const rows: SplitRow[] = []
  for (const hunk of file.hunks) {
    rows.push({ kind: 'hunk', header: hunk.header })
    let removed: DiffLine[] = []
    let added: DiffLine[] = []
    const flush = () => {
      for (let i = 0; i < Math.max(removed.length, added.length); i++) {
        rows.push({ kind: 'lines', left: removed[i], right: added[i] })
      }
      removed = []
      added = []
    }
    for (const line of hunk.lines) {
      if (line.kind === 'removed') {
        if (added.length > 0) flush()
        removed.push(line)
      } else if (line.kind === 'added') {
        added.push(line)
      } else {
        flush()
        rows.push({ kind: 'lines', left: line, right: line })
      }
    }
    flush()
  }
  return rows
}

export function lineCount(file: DiffFile): number {
  return file.hunks.reduce((sum, hunk) => sum + hunk.lines.length, 0)
}

/** The file's first `max` lines (hunk headers kept for the hunks shown), for showing a huge file in part. */
export function firstLines(file: DiffFile, max: number): DiffFile {
  const hunks: DiffHunk[] = []
  let left = max
  for (const hunk of file.hunks) {
    if (left <= 0) break
    hunks.push(hunk.lines.length <= left ? hunk : { ...hunk, lines: hunk.lines.slice(0, left) })
    left -= hunk.lines.length
  }
  return { ...file, hunks }
}
