import { Alert, Box, Button, Group, Modal, ScrollArea, Stack, Tabs, Text } from '@mantine/core'
import { useMemo } from 'react'
import { unifiedLines, type DiffLine } from './conflictDiff.ts'
import type { Conflict } from './documentState.ts'

const LINE_BACKGROUND: Record<DiffLine['kind'], string | undefined> = {
  add: 'var(--mantine-color-green-light)',
  del: 'var(--mantine-color-red-light)',
  hunk: 'var(--mantine-color-default)',
  ctx: undefined,
}

function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const lines = useMemo(() => unifiedLines(before, after), [before, after])
  if (lines.length === 0) return <Text c="dimmed">No changes.</Text>
  return (
    <ScrollArea.Autosize mah="50vh" type="auto">
      <Box
        component="pre"
        aria-label={label}
        tabIndex={0}
        m={0}
        ff="monospace"
        fz="xs"
        style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}
      >
        {lines.map((line, i) => (
          <Box key={i} px="xs" c={line.kind === 'hunk' ? 'dimmed' : undefined} style={{ background: LINE_BACKGROUND[line.kind] }}>
            {line.text || ' '}
          </Box>
        ))}
      </Box>
    </ScrollArea.Autosize>
  )
}

interface ConflictModalProps {
  path: string
  /** The version the user started from. */
  base: string
  conflict: Conflict | null
  saving: boolean
  onReloadTheirs(): void
  onOverwrite(): void
  onKeepEditing(): void
}

/** A save refused with 412: what the other person changed, what the user changed, and a deliberate choice. */
export function ConflictModal({ path, base, conflict, saving, onReloadTheirs, onOverwrite, onKeepEditing }: ConflictModalProps) {
  return (
    <Modal opened={conflict !== null} onClose={onKeepEditing} title="Someone else saved this file first" size="xl">
      {conflict && (
        <Stack>
          <Alert color="yellow" variant="light">
            <Text size="sm">
              <b>{path}</b> changed on the server after you opened it. Your changes are not saved. Look at both, then reload
              their version (your changes are discarded) or overwrite it with yours (their changes are lost).
            </Text>
          </Alert>
          <Tabs defaultValue="theirs">
            <Tabs.List>
              <Tabs.Tab value="theirs">Their changes</Tabs.Tab>
              <Tabs.Tab value="mine">Your changes</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="theirs" pt="sm">
              <DiffView before={base} after={conflict.theirs} label="Changes saved by someone else" />
            </Tabs.Panel>
            <Tabs.Panel value="mine" pt="sm">
              <DiffView before={base} after={conflict.mine} label="Your unsaved changes" />
            </Tabs.Panel>
          </Tabs>
          <Group justify="flex-end">
            <Button variant="default" onClick={onKeepEditing}>
              Keep editing
            </Button>
            <Button variant="light" color="gray" onClick={onReloadTheirs}>
              Reload theirs
            </Button>
            <Button color="red" loading={saving} onClick={onOverwrite}>
              Overwrite with mine
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
