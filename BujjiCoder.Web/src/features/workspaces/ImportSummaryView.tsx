import { Alert, Badge, Button, Group, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { IconCircleCheck, IconFolderOpen, IconHistory, IconUpload } from '@tabler/icons-react'
import { Link } from 'react-router'
import { paths } from '../../app/paths.ts'
import { formatBytes, formatCount } from '../../components/format.ts'
import { countSkipped, skipCategoryLabels } from './importOutcome.ts'
import type { ImportEntry, ImportSummary } from './workspaceTypes.ts'

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  )
}

/** Entries with why each was left out; the Api lists at most 1,000, so the list can be long: it scrolls. */
export function EntryTable({ entries, label }: { entries: readonly ImportEntry[]; label: string }) {
  return (
    <ScrollArea.Autosize mah={320} type="auto">
      <Table striped verticalSpacing={4} aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Path in the archive</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry, index) => (
            <Table.Tr key={`${index}:${entry.path}`}>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                  {entry.path}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{entry.reason}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  )
}

export function ImportSummaryView({
  ws,
  summary,
  fileName,
  onOpenFiles,
  onImportAnother,
}: {
  ws: string
  summary: ImportSummary
  fileName: string
  onOpenFiles: () => void
  onImportAnother: () => void
}) {
  const groups = countSkipped(summary.skipped)
  const listed = summary.skipped.length
  return (
    <Stack>
      <Alert color="green" icon={<IconCircleCheck aria-hidden />} title="Import finished" role="status">
        {summary.imported === 0
          ? `Nothing from ${fileName} was imported: every entry was skipped.`
          : `${fileName} was imported into this workspace.`}
      </Alert>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Stat label="Files imported" value={formatCount(summary.imported)} />
        <Stat label="Size" value={formatBytes(summary.bytes)} />
        <Stat label="Skipped" value={formatCount(summary.skippedCount)} />
      </SimpleGrid>
      {summary.skippedCount > 0 && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              Skipped entries
            </Title>
            <Group gap="xs">
              {groups.map((group) => (
                <Badge key={group.category} variant="light" color="gray" size="lg" tt="none">
                  {skipCategoryLabels[group.category]}: {formatCount(group.count)}
                </Badge>
              ))}
            </Group>
            {listed < summary.skippedCount && (
              <Text size="sm" c="dimmed">
                Showing the first {formatCount(listed)} of {formatCount(summary.skippedCount)} skipped entries.
              </Text>
            )}
            <EntryTable entries={summary.skipped} label="Skipped entries" />
          </Stack>
        </Paper>
      )}
      <Group>
        <Button leftSection={<IconFolderOpen size={16} aria-hidden />} onClick={onOpenFiles}>
          Open files
        </Button>
        {summary.revision && (
          <Button
            component={Link}
            to={paths.revisions(ws, summary.revision)}
            variant="default"
            leftSection={<IconHistory size={16} aria-hidden />}
          >
            View the revision
          </Button>
        )}
        <Button variant="default" leftSection={<IconUpload size={16} aria-hidden />} onClick={onImportAnother}>
          Import another archive
        </Button>
      </Group>
    </Stack>
  )
}
