import { Title } from '@mantine/core'

export default function UsagePage() {
  return <Title order={2}>Usage</Title>
}
