import { Title } from '@mantine/core'

export default function WorkspaceSettingsPage() {
  return <Title order={2}>Settings</Title>
}
