import { Paper, Text } from '@mantine/core'
import type { ReactNode } from 'react'

/** A list with nothing in it yet: what is missing, and what to do next. */
export function EmptyState({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="xl" ta="center">
      <Text fw={600}>{title}</Text>
      <Text size="sm" c="dimmed">
        {children}
      </Text>
    </Paper>
  )
}
