/** The unified diff shown in the conflict dialog: hunks of changed lines with three lines of context. */
import { structuredPatch } from 'diff'

export interface DiffLine {
  kind: 'hunk' | 'add' | 'del' | 'ctx'
  text: string
}

export function unifiedLines(before: string, after: string): DiffLine[] {
  const patch = structuredPatch('before', 'after', before, after, '', '', { context: 3 })
  const lines: DiffLine[] = []
  for (const hunk of patch.hunks) {
    lines.push({ kind: 'hunk', text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@` })
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue // "\ No newline at end of file"
      const kind = line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : 'ctx'
      lines.push({ kind, text: line })
    }
  }
  return lines
}
