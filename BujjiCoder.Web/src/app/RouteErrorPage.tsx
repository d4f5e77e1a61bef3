import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { Link, useRouteError } from 'react-router'
import { isChunkLoadError, mayReloadForNewRelease, reloadForNewRelease } from './newRelease.ts'

/**
 * What a screen shows when it fails to load or render, instead of the router's developer page. A chunk that cannot be
 * loaded is almost always a new release (or a dropped connection): the page reloads itself once, and says so if that
 * did not help.
 */
export function RouteErrorPage() {
  const error = useRouteError()
  const chunkMissing = isChunkLoadError(error)
  // Decided once for this error; the reload itself is a side effect, so it waits for the commit.
  const [reloading] = useState(() => chunkMissing && mayReloadForNewRelease())
  useEffect(() => {
    if (reloading) reloadForNewRelease()
  }, [reloading])
  if (reloading) return null

  return (
    <Stack p="xl" maw={640}>
      <Title order={1} size="h3">
        {chunkMissing ? 'This page could not be loaded' : 'Something went wrong'}
      </Title>
      <Alert color={chunkMissing ? 'blue' : 'red'}>
        <Text size="sm">
          {chunkMissing
            ? 'Bujji Coder may have been updated since this tab was opened, or the connection dropped. Reload to get the current version.'
            : 'This screen stopped with an error. Reloading usually helps; if it keeps happening, tell your administrator.'}
        </Text>
      </Alert>
      <Group>
        <Button onClick={() => window.location.reload()}>Reload</Button>
        <Anchor component={Link} to="/workspaces" reloadDocument>
          Go to your workspaces
        </Anchor>
      </Group>
    </Stack>
  )
}
