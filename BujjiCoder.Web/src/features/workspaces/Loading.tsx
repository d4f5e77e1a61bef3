import { Skeleton, Stack, VisuallyHidden } from '@mantine/core'

/** Skeleton rows that tell screen readers what is loading (a plain div may not carry an aria-label). */
export function Loading({ what, rows = 3, height = 40 }: { what: string; rows?: number; height?: number }) {
  return (
    <Stack gap="xs" role="status">
      <VisuallyHidden>Loading {what}…</VisuallyHidden>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={height} />
      ))}
    </Stack>
  )
}
