import { Title } from '@mantine/core'

export default function MembersPage() {
  return <Title order={2}>Members</Title>
}
