import { Alert, Badge, Button, Group, Modal, Skeleton, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowBackUp } from '@tabler/icons-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { DiffViewer } from '../../components/diff/index.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatDateTime } from '../../components/format.ts'
import { useRevert, useRevision, useRevisionDiff, useRevisions } from './revisionQueries.ts'
import { authorName } from './RevisionList.tsx'

export function RevisionDetail({ ws, rev, authors, me }: { ws: string; rev: string; authors?: Map<string, string>; me: string }) {
  const revision = useRevision(ws, rev)
  const diff = useRevisionDiff(ws, rev)
  const revert = useRevert(ws)
  // The list is already loaded (same query): it names the reverted revision by its number.
  const list = useRevisions(ws)
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)

  async function confirmRevert() {
    try {
      const created = await revert.mutateAsync(rev)
      setConfirming(false)
      notifications.show({ color: 'green', message: `Reverted: revision #${created.number} puts the files back.` })
      navigate(paths.revisions(ws, created.id))
    } catch {
      // Shown in the dialog from revert.error.
    }
  }

  if (revision.isPending) return <Skeleton h={200} aria-label="Loading the revision" />
  if (revision.isError) {
    return (
      <Alert color="red" title="This revision could not be loaded">
        {errorMessage(revision.error)}
      </Alert>
    )
  }
  const r = revision.data
  const reverted = r.revertOf ? list.data?.pages.flatMap((p) => p.items).find((x) => x.id === r.revertOf) : undefined
  return (
    <Stack gap="sm" component="section" aria-label={`Revision ${r.number}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }}>
            #{r.number} {r.message}
          </Title>
          <Group gap="xs">
            <Badge variant="light" tt="none">
              {r.kind}
            </Badge>
            <Text size="sm">
              {formatDateTime(r.at)} by {authorName(authors, r.authorId, me)} · {r.fileCount} file{r.fileCount === 1 ? '' : 's'}
            </Text>
          </Group>
          {r.revertOf && (
            <Text size="sm">
              Reverts{' '}
              <Link to={paths.revisions(ws, r.revertOf)} style={{ color: 'var(--mantine-color-anchor)' }}>
                {reverted ? `#${reverted.number} ${reverted.message}` : 'an earlier revision'}
              </Link>
              .
            </Text>
          )}
        </Stack>
        <Button variant="default" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => setConfirming(true)}>
          Revert
        </Button>
      </Group>

      {diff.isPending ? (
        <Skeleton h={240} aria-label="Loading the changes" />
      ) : diff.isError ? (
        <Alert color="red" title="The changes could not be loaded">
          {errorMessage(diff.error)}
        </Alert>
      ) : (
        <DiffViewer diff={diff.data} headingOrder={4} />
      )}

      <Modal
        opened={confirming}
        onClose={() => {
          setConfirming(false)
          revert.reset()
        }}
        title={`Revert revision #${r.number}?`}
      >
        <Stack>
          <Text size="sm">
            A new revision will put {r.fileCount === 1 ? 'its file' : `its ${r.fileCount} files`} back as they were before #{r.number}. If a file has changed
            again since, nothing is reverted and you are told which.
          </Text>
          {revert.isError && <ErrorAlert title="Nothing was reverted" error={revert.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" loading={revert.isPending} onClick={confirmRevert}>
              Revert
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
