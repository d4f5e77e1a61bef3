import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { CopyableCode } from '../../components/CopyableCode.tsx'
import { formatDateTime } from '../../components/format.ts'
import type { IssuedToken } from './accountTypes.ts'

interface Props {
  /** The freshly issued token; null closes the modal. */
  token: IssuedToken | null
  rotated: boolean
  onClose(): void
}

/**
 * The one time a token's secret is on screen. Clicking outside does not close it (the secret would be lost by a
 * stray click); the close button says what the user is confirming.
 */
export function IssuedTokenModal({ token, rotated, onClose }: Props) {
  return (
    <Modal
      opened={token !== null}
      onClose={onClose}
      title={rotated ? 'Your rotated token' : 'Your new token'}
      closeOnClickOutside={false}
      size="lg"
      centered
    >
      {token && (
        <Stack>
          <Alert color="orange" icon={<IconAlertTriangle size={18} aria-hidden />} title="Copy it now">
            This is the only time the token for <strong>{token.name}</strong> is shown. Bujji Coder keeps only a hash of
            it; if you lose it, rotate or create another.
            {rotated && ' The previous secret of this token has stopped working.'}
          </Alert>
          <CopyableCode name="Token" value={token.token} />
          <Text size="sm" c="dimmed">
            Scopes: {token.scopes.join(', ')} · expires{' '}
            {formatDateTime(token.expiresAt)}.
          </Text>
          <Text size="sm" c="dimmed">
            Send it in the <Code>Authorization</Code> header: <Code>Bearer {token.token.slice(0, 8)}…</Code>
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have copied it</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
