import { Title } from '@mantine/core'

export default function ComposerPage() {
  return <Title order={2}>Composer</Title>
}
