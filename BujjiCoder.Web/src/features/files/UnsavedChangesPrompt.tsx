import { Button, Group, Modal, Text } from '@mantine/core'
import { useEffect } from 'react'
import { useBlocker } from 'react-router'

/** Asks before unsaved changes are left behind: another file, another screen, or closing the tab. */
export function UnsavedChangesPrompt({ dirty, path }: { dirty: boolean; path: string }) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  )

  useEffect(() => {
    if (!dirty) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  const open = blocker.state === 'blocked'
  return (
    <Modal opened={open} onClose={() => blocker.reset?.()} title="Leave without saving?">
      <Text size="sm">
        <b>{path}</b> has changes that are not saved. If you leave now they are lost.
      </Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => blocker.reset?.()}>
          Stay
        </Button>
        <Button color="red" onClick={() => blocker.proceed?.()}>
          Discard changes
        </Button>
      </Group>
    </Modal>
  )
}
