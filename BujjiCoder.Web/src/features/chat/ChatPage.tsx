import { Title } from '@mantine/core'

export default function ChatPage() {
  return <Title order={2}>Chat</Title>
}
