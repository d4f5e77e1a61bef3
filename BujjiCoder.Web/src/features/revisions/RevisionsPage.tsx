import { Title } from '@mantine/core'

export default function RevisionsPage() {
  return <Title order={2}>History</Title>
}
