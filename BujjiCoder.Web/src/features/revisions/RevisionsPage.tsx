import { Grid, Title } from '@mantine/core'
import { useParams } from 'react-router'
import { useMe } from '../../auth/AuthContext.ts'
import { RevisionDetail } from './RevisionDetail.tsx'
import { RevisionList } from './RevisionList.tsx'
import { useAuthors, useRevisions } from './revisionQueries.ts'

export default function RevisionsPage() {
  const { ws = '', revisionId } = useParams()
  const me = useMe()
  const authors = useAuthors(ws)
  const revisions = useRevisions(ws)
  // Without a revision in the URL, the newest one is shown.
  const shown = revisionId ?? revisions.data?.pages[0]?.items[0]?.id

  return (
    <>
      <Title order={2} size="h3" mb="sm">
        History
      </Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
          <RevisionList ws={ws} current={shown} authors={authors.data} me={me.id} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
          {shown && <RevisionDetail key={shown} ws={ws} rev={shown} authors={authors.data} me={me.id} />}
        </Grid.Col>
      </Grid>
    </>
  )
}
