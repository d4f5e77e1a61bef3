import { Alert } from '@mantine/core'
import { IconPlugConnectedX } from '@tabler/icons-react'
import { useApiReachable } from '../api/connectivity.ts'

/** Shown while the Api does not answer; it clears itself once a probe or any request gets through. */
export function ApiUnreachableBanner() {
  const reachable = useApiReachable()
  if (reachable) return null
  return (
    <Alert
      color="red"
      variant="filled"
      radius={0}
      icon={<IconPlugConnectedX size={18} aria-hidden />}
      title="The Bujji Coder Api is unreachable"
      role="alert"
      data-testid="api-unreachable"
    >
      Your work in the browser is kept. This clears by itself as soon as the Api answers again.
    </Alert>
  )
}
