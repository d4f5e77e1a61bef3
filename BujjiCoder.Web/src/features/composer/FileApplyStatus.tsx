import { Badge, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconCheck, IconX } from '@tabler/icons-react'
import type { FilePreview, HunkConflict } from './composerTypes.ts'

function Conflict({ conflict }: { conflict: HunkConflict }) {
  const where = conflict.hunk === 0 ? 'The file' : `Change ${conflict.hunk}, expected at line ${conflict.expectedAtLine}`
  return (
    <Stack gap={4}>
      <Text size="sm">
        {where}: {conflict.reason}
      </Text>
      {(conflict.expected.length > 0 || conflict.actual.length > 0) && (
        <SimpleGrid cols={2} spacing="xs">
          <div>
            <Text size="xs" fw={600}>
              The change expects
            </Text>
            <Code block>{conflict.expected.join('\n') || '(nothing)'}</Code>
          </div>
          <div>
            <Text size="xs" fw={600}>
              The file has
            </Text>
            <Code block>{conflict.actual.join('\n') || '(nothing)'}</Code>
          </div>
        </SimpleGrid>
      )}
    </Stack>
  )
}

/** Whether a file of the proposal applies to the workspace as it is now, and if not, where and why. */
export function FileApplyStatus({ preview }: { preview?: FilePreview }) {
  if (!preview) return null
  return (
    <Stack gap="xs" px="sm" pb="xs">
      <Group gap="xs">
        {preview.applies ? (
          <Badge variant="default" tt="none" leftSection={<IconCheck size={12} color="var(--mantine-color-green-7)" aria-hidden />}>
            applies
          </Badge>
        ) : (
          <Badge variant="default" tt="none" leftSection={<IconX size={12} color="var(--mantine-color-red-7)" aria-hidden />}>
            does not apply
          </Badge>
        )}
        {preview.applies && preview.hunks.some((h) => h.offset !== 0 || h.fuzz !== 0) && (
          <Text size="xs">Some changes land a few lines from where the model expected; check them.</Text>
        )}
      </Group>
      {preview.conflicts.map((conflict) => (
        <Conflict key={`${conflict.hunk}-${conflict.expectedAtLine}`} conflict={conflict} />
      ))}
    </Stack>
  )
}
