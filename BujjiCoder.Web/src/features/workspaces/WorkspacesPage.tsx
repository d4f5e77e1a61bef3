import { Title } from '@mantine/core'

export default function WorkspacesPage() {
  return <Title order={2}>Workspaces</Title>
}
