import { Alert, Badge, Button, Code, Group, Paper, SegmentedControl, Stack, Text, Title, VisuallyHidden } from '@mantine/core'
import { useMemo, useState, type ReactNode } from 'react'
import classes from './DiffView.module.css'
import { firstLines, lineCount, parseDiff, splitRows, type DiffFile, type DiffLine } from './parseDiff.ts'

// An import's revision can hold hundreds of whole files: show a screenful of each, and a few files at a time,
// so opening it never stalls the page; the rest is a click away.
const LINES_SHOWN = 400
const FILES_SHOWN = 25

export type DiffLayout = 'unified' | 'split'

const KIND_WORD: Record<DiffLine['kind'], string> = {
  added: 'added',
  removed: 'removed',
  context: 'unchanged',
  note: 'note',
}

const MARK: Record<DiffLine['kind'], string> = { added: '+', removed: '−', context: '', note: '' }

function rowClass(line: DiffLine | undefined): string | undefined {
  if (!line) return classes.empty
  if (line.kind === 'added') return classes.added
  if (line.kind === 'removed') return classes.removed
  if (line.kind === 'note') return classes.note
  return undefined
}

/** The change kind as the row's header: a screen reader hears "added" or "removed"; the eye sees + or −. */
function Marker({ line }: { line?: DiffLine }) {
  // The empty side of a split row has no change to name: a plain cell, not an empty header.
  if (!line) return <td className={`${classes.marker} ${classes.empty}`} />
  return (
    <th scope="row" className={`${classes.marker} ${rowClass(line) ?? ''}`}>
      <VisuallyHidden>{KIND_WORD[line.kind]}</VisuallyHidden>
      <span aria-hidden>{MARK[line.kind]}</span>
    </th>
  )
}

function UnifiedTable({ file }: { file: DiffFile }) {
  return (
    <table className={classes.table} aria-label={`Changes to ${file.path}`}>
      <colgroup>
        <col className={classes.num} />
        <col className={classes.num} />
        <col className={classes.marker} />
        <col />
      </colgroup>
      <thead className={classes.srOnly}>
        <tr>
          <th>Old line</th>
          <th>New line</th>
          <th>Change</th>
          <th>Code</th>
        </tr>
      </thead>
      <tbody>
        {file.hunks.map((hunk, h) => [
          <tr key={`h${h}`} className={classes.hunk}>
            <td colSpan={4}>{hunk.header}</td>
          </tr>,
          ...hunk.lines.map((line, i) => (
            <tr key={`${h}-${i}`} className={rowClass(line)} data-kind={line.kind}>
              <td className={classes.num}>{line.oldLine}</td>
              <td className={classes.num}>{line.newLine}</td>
              <Marker line={line} />
              <td className={classes.code}>{line.text}</td>
            </tr>
          )),
        ])}
      </tbody>
    </table>
  )
}

function SplitTable({ file }: { file: DiffFile }) {
  const rows = useMemo(() => splitRows(file), [file])
  return (
    <table className={classes.table} aria-label={`Changes to ${file.path}, side by side`}>
      <colgroup>
        <col className={classes.num} />
        <col className={classes.marker} />
        <col />
        <col className={classes.num} />
        <col className={classes.marker} />
        <col />
      </colgroup>
      <thead className={classes.srOnly}>
        <tr>
          <th>Old line</th>
          <th>Before</th>
          <th>Old code</th>
          <th>New line</th>
          <th>After</th>
          <th>New code</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) =>
          row.kind === 'hunk' ? (
            <tr key={i} className={classes.hunk}>
              <td colSpan={6}>{row.header}</td>
            </tr>
          ) : (
            <tr key={i} data-kind={`${row.left?.kind ?? 'empty'}/${row.right?.kind ?? 'empty'}`}>
              <td className={`${classes.num} ${rowClass(row.left) ?? ''}`}>{row.left?.oldLine}</td>
              <Marker line={row.left} />
              <td className={`${classes.code} ${rowClass(row.left) ?? ''}`}>{row.left?.text}</td>
              <td className={`${classes.num} ${rowClass(row.right) ?? ''}`}>{row.right?.newLine}</td>
              <Marker line={row.right} />
              <td className={`${classes.code} ${rowClass(row.right) ?? ''}`}>{row.right?.text}</td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  )
}

// A coloured dot beside neutral text: Mantine's light badges fall under 4.5:1 contrast in green and red.
const STATUS_COLOR: Record<DiffFile['status'], string> = {
  added: 'green',
  deleted: 'red',
  modified: 'blue',
  renamed: 'violet',
  binary: 'gray',
}

export interface DiffFileViewProps {
  file: DiffFile
  layout: DiffLayout
  /** Heading level of the file's path, so it fits under the page's headings. */
  headingOrder?: 3 | 4 | 5
  /** Shown under the file's header, e.g. whether the file applies and its conflicts. */
  extra?: ReactNode
}

export function DiffFileView({ file, layout, headingOrder = 3, extra }: DiffFileViewProps) {
  const [showAll, setShowAll] = useState(false)
  const total = lineCount(file)
  const shown = showAll || total <= LINES_SHOWN ? file : firstLines(file, LINES_SHOWN)
  return (
    <Paper withBorder radius="sm" className={classes.file} component="section" aria-label={file.path}>
      <Group justify="space-between" px="sm" py={6} wrap="nowrap" gap="xs">
        <Title order={headingOrder} size="sm" ff="monospace" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}
        </Title>
        <Group gap={6} wrap="nowrap">
          <Badge variant="default" size="sm" tt="none" leftSection={<span className={classes.dot} style={{ background: `var(--mantine-color-${STATUS_COLOR[file.status]}-6)` }} />}>
            {file.status}
          </Badge>
          {/* Plain text: Mantine's light green and red badges fall under 4.5:1 contrast at this size. */}
          <Text size="xs" fw={600} ff="monospace">
            +{file.additions}
            <VisuallyHidden> lines added,</VisuallyHidden> −{file.deletions}
            <VisuallyHidden> lines removed</VisuallyHidden>
          </Text>
        </Group>
      </Group>
      {extra}
      {file.note ? (
        <Text size="sm" px="sm" pb="xs">
          {file.note}
        </Text>
      ) : layout === 'split' ? (
        <SplitTable file={shown} />
      ) : (
        <UnifiedTable file={shown} />
      )}
      {shown !== file && (
        <Button variant="subtle" size="xs" m="xs" onClick={() => setShowAll(true)}>
          Show all {total} lines
        </Button>
      )}
    </Paper>
  )
}

export interface DiffViewerProps {
  /** A unified diff, as text. */
  diff: string
  headingOrder?: 3 | 4 | 5
  /** Extra content per file (the file's parsed form and its path are given). */
  fileExtra?: (file: DiffFile) => ReactNode
  defaultLayout?: DiffLayout
}

/** A whole diff, file by file, with a unified/split switch. */
export function DiffViewer({ diff, headingOrder, fileExtra, defaultLayout = 'unified' }: DiffViewerProps) {
  const [layout, setLayout] = useState<DiffLayout>(defaultLayout)
  const [fileLimit, setFileLimit] = useState(FILES_SHOWN)
  const parsed = useMemo(() => {
    try {
      return { ok: true as const, ...parseDiff(diff) }
    } catch (e) {
      return { ok: false as const, error: e instanceof Error ? e.message : String(e) }
    }
  }, [diff])

  if (!parsed.ok) {
    return (
      <Stack gap="xs">
        <Alert color="red" title="This diff cannot be shown">
          {parsed.error} The raw text follows.
        </Alert>
        <Code block>{diff}</Code>
      </Stack>
    )
  }
  if (parsed.files.length === 0) {
    return <Text>No changes.</Text>
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm">
          {parsed.files.length} file{parsed.files.length === 1 ? '' : 's'} changed
        </Text>
        <SegmentedControl
          aria-label="Diff layout"
          size="xs"
          value={layout}
          onChange={(value) => setLayout(value as DiffLayout)}
          data={[
            { value: 'unified', label: 'Unified' },
            { value: 'split', label: 'Split' },
          ]}
        />
      </Group>
      {/* e.g. "9500 more file(s) not shown": said before the files, not after hundreds of them. */}
      {parsed.notes.map((note) => (
        <Text key={note} size="sm">
          {note}
        </Text>
      ))}
      {parsed.files.slice(0, fileLimit).map((file, i) => (
        <DiffFileView key={`${file.path}-${i}`} file={file} layout={layout} headingOrder={headingOrder} extra={fileExtra?.(file)} />
      ))}
      {parsed.files.length > fileLimit && (
        <Button variant="light" onClick={() => setFileLimit((n) => n + FILES_SHOWN)}>
          Show {Math.min(FILES_SHOWN, parsed.files.length - fileLimit)} more of {parsed.files.length - fileLimit} files
        </Button>
      )}
    </Stack>
  )
}
