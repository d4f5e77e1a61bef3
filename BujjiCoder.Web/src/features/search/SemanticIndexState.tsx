import { Group, Progress, Text, Tooltip } from '@mantine/core'
import { formatCount, formatDateTime } from '../../components/format.ts'
import type { SearchIndexState } from './searchTypes.ts'

const plural = (count: number, one: string, many = `${one}s`) => `${formatCount(count)} ${count === 1 ? one : many}`

/**
 * One quiet line on how far the workspace's semantic index has got, so a meaning search that misses a file just
 * written can be told apart from one that found nothing. Renders nothing while semantic search is off, or if the
 * state could not be read (searching still works; this line is only a hint). Not a live region: while files are
 * pending it changes every few seconds, and a screen reader would read each change out.
 */
export function SemanticIndexState({ index }: { index: SearchIndexState | undefined }) {
  if (!index?.enabled) return null

  const pending = index.pendingFiles
  const done = index.files > 0 ? Math.floor((index.indexedFiles / index.files) * 100) : 100
  const details = `Model ${index.model}, ${index.vectorStore} vector search. ${plural(index.indexedFiles, 'file')} of ${formatCount(index.files)} indexed; last indexed ${formatDateTime(index.lastIndexedAt, 'never')}.`
  return (
    <Tooltip label={details} multiline w={320} openDelay={300}>
      <Group gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed">
          Semantic index: {plural(index.chunks, 'chunk')} ·{' '}
          {pending > 0 ? `${plural(pending, 'file')} pending` : 'up to date'}
        </Text>
        {pending > 0 && <Progress aria-label="Semantic indexing" value={done} size="sm" w={80} animated />}
      </Group>
    </Tooltip>
  )
}
