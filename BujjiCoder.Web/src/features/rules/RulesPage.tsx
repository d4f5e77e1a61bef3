import { Title } from '@mantine/core'

export default function RulesPage() {
  return <Title order={2}>Rules</Title>
}
