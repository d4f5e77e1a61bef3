import { Title } from '@mantine/core'

export default function AccountPage() {
  return <Title order={2}>Account</Title>
}
