import { Grid, Title, VisuallyHidden } from '@mantine/core'
import { useParams } from 'react-router'
import { ConversationList } from './ConversationList.tsx'
import { ConversationPane } from './ConversationPane.tsx'

export default function ChatPage() {
  const { ws = '', conversationId } = useParams()
  return (
    <>
      <VisuallyHidden>
        <Title order={2}>Chat</Title>
      </VisuallyHidden>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
          <ConversationList ws={ws} current={conversationId} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
          {/* Keyed: a different conversation starts with its own remembered model and scroll position. */}
          <ConversationPane key={conversationId ?? 'new'} ws={ws} conversationId={conversationId} />
        </Grid.Col>
      </Grid>
    </>
  )
}
