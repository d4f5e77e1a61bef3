import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'

interface Props {
  opened: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  /** Red for what cannot be undone. */
  danger?: boolean
  busy?: boolean
  onConfirm(): void
  onClose(): void
}

/** "Are you sure?" for revoking, deleting and disabling: the action is named on the button, not "OK". */
export function ConfirmModal({ opened, title, children, confirmLabel, danger, busy, onConfirm, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <Text size="sm" component="div">
          {children}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={danger ? 'red' : undefined} loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
