import { Title } from '@mantine/core'

export default function ImportPage() {
  return <Title order={2}>Import</Title>
}
