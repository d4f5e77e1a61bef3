import { Anchor, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={1} size="h3">
        Page not found
      </Title>
      <Text>There is nothing at this address.</Text>
      <Anchor component={Link} to="/workspaces">
        Go to your workspaces
      </Anchor>
    </Stack>
  )
}
