import { Alert, Button, NavLink, Skeleton, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { formatDateTime } from '../../components/format.ts'
import { useRevisions } from './revisionQueries.ts'


export function authorName(authors: Map<string, string> | undefined, id: string, me: string): string {
  if (id === me) return 'you'
  return authors?.get(id) ?? `user ${id.slice(0, 8)}`
}

export function RevisionList({ ws, current, authors, me }: { ws: string; current?: string; authors?: Map<string, string>; me: string }) {
  const revisions = useRevisions(ws)

  if (revisions.isPending) {
    return (
      <Stack gap={6} aria-label="Loading history">
        <Skeleton h={48} />
        <Skeleton h={48} />
        <Skeleton h={48} />
      </Stack>
    )
  }
  if (revisions.isError) {
    return (
      <Alert color="red" title="The history could not be loaded">
        {errorMessage(revisions.error)}
      </Alert>
    )
  }
  const items = revisions.data.pages.flatMap((p) => p.items)
  if (items.length === 0) {
    return <Text size="sm">No changes yet. Edits, imports and applied diffs appear here, each one revertible.</Text>
  }
  return (
    <Stack gap={2} component="nav" aria-label="Revisions">
      {items.map((r) => (
        <NavLink
          key={r.id}
          component={Link}
          to={paths.revisions(ws, r.id)}
          active={r.id === current}
          aria-current={r.id === current ? 'page' : undefined}
          label={`#${r.number} ${r.message}`}
          description={`${formatDateTime(r.at)} · ${authorName(authors, r.authorId, me)} · ${r.fileCount} file${r.fileCount === 1 ? '' : 's'}`}
          styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }, description: { color: 'var(--mantine-color-text)' } }}
        />
      ))}
      {revisions.hasNextPage && (
        <Button variant="subtle" onClick={() => void revisions.fetchNextPage()} loading={revisions.isFetchingNextPage}>
          Load older revisions
        </Button>
      )}
    </Stack>
  )
}
