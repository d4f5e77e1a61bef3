import { Center, Loader, VisuallyHidden } from '@mantine/core'

/** While a screen's code or data loads. A status region with words, since Mantine's Loader itself has no role. */
export function PageLoader({ fullScreen = false }: { fullScreen?: boolean }) {
  return (
    <Center p="xl" h={fullScreen ? '100vh' : undefined} role="status">
      <Loader />
      <VisuallyHidden>Loading…</VisuallyHidden>
    </Center>
  )
}
