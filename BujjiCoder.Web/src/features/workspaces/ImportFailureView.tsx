import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core'
import { IconAlertTriangle, IconUpload } from '@tabler/icons-react'
import type { ImportFailure } from './importOutcome.ts'
import { EntryTable } from './ImportSummaryView.tsx'

/** An archive the Api refused as a whole (nothing was imported), with the entries that made it refuse. */
export function ImportFailureView({ failure, fileName, onRetry }: { failure: ImportFailure; fileName: string; onRetry: () => void }) {
  return (
    <Stack>
      <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={failure.title} role="alert">
        <Stack gap={4}>
          <Text size="sm">{failure.message}</Text>
          <Text size="sm" c="dimmed">
            Archive: {fileName}
          </Text>
        </Stack>
      </Alert>
      {failure.rejected.length > 0 && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              Refused entries
            </Title>
            <EntryTable entries={failure.rejected} label="Refused entries" />
          </Stack>
        </Paper>
      )}
      <div>
        <Button variant="default" leftSection={<IconUpload size={16} aria-hidden />} onClick={onRetry}>
          Choose another archive
        </Button>
      </div>
    </Stack>
  )
}
