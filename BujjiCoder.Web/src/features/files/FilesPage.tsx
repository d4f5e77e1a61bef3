import { Title } from '@mantine/core'

export default function FilesPage() {
  return <Title order={2}>Files</Title>
}
