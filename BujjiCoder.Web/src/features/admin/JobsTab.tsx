import { Alert, Badge, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core'
import { IconAlertTriangle, IconLock } from '@tabler/icons-react'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatBytes, formatCount, formatDateTime } from '../../components/format.ts'
import type { Backup, ScheduledJob } from './adminTypes.ts'
import {
  failingSummary,
  formatDuration,
  formatInterval,
  formatRelative,
  isOverdue,
  outcomeLook,
  verificationLook,
} from './jobFormat.ts'
import { useJobs } from './useAdmin.ts'

// Failing rows are tinted with the theme's own light red, which both colour schemes define.
// Badges beside text get miw="max-content": a badge's label clips, so a squeezed table column would cut "Failing" to "F…".
const FAILING_ROW = 'var(--mantine-color-red-light)'

export function JobsTab() {
  const jobs = useJobs()
  const now = new Date()
  const failing = jobs.data?.jobs.filter((job) => job.failing).map((job) => job.name) ?? []
  const newest = jobs.data?.backups[0]

  return (
    <Stack>
      <div>
        <Title order={2} size="h3">
          Jobs
        </Title>
        <Text size="sm" c="dimmed">
          What the Worker&apos;s scheduled jobs did last and do next, and the latest backups, newest first. Times are in your
          time zone; the page refreshes itself.
        </Text>
      </div>
      {jobs.error && <ErrorAlert title="Could not load the Worker's jobs" error={jobs.error} />}
      {jobs.isPending && <Skeleton h={300} />}
      {jobs.data && (
        <>
          {failing.length > 0 && (
            <Alert color="red" role="alert" title="Failing jobs" icon={<IconAlertTriangle aria-hidden />}>
              {failingSummary(failing)} Their last error is below; the Worker&apos;s readiness reports them as degraded too.
            </Alert>
          )}
          {newest?.verification === 'failed' && (
            <Alert color="red" role="alert" title="The newest backup did not restore" icon={<IconAlertTriangle aria-hidden />}>
              Backup {newest.id} failed its verifying restore, so it cannot be relied on. The reason is below.
            </Alert>
          )}
          <Title order={3} size="h4">
            Scheduled jobs
          </Title>
          {jobs.data.jobs.length === 0 ? (
            <EmptyState title="No job has run yet">
              Each Worker replica records its runs here. If this stays empty, no Worker is running against this database.
            </EmptyState>
          ) : (
            <JobsTable jobs={jobs.data.jobs} now={now} />
          )}
          <Title order={3} size="h4">
            Backups
          </Title>
          {jobs.data.backups.length === 0 ? (
            <EmptyState title="No backups yet">
              The Worker backs the database up once Worker:Backup:Local:Path or Worker:Backup:Blob names a destination.
            </EmptyState>
          ) : (
            <BackupsTable backups={jobs.data.backups} now={now} />
          )}
        </>
      )}
    </Stack>
  )
}

function JobsTable({ jobs, now }: { jobs: ScheduledJob[]; now: Date }) {
  return (
    // Scrolls sideways on narrow screens; focusable so the keyboard can scroll it too.
    <Table.ScrollContainer minWidth={1000} scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': 'Scheduled jobs' } }}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Job</Table.Th>
            <Table.Th>Schedule</Table.Th>
            <Table.Th>Last run</Table.Th>
            <Table.Th>Took</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Last success</Table.Th>
            <Table.Th>Next run</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => {
            const run = job.lastRun
            const outcome = run && outcomeLook(run.outcome)
            const overdue = isOverdue(job.nextRunAt, now)
            return (
              <Table.Tr key={job.name} bg={job.failing ? FAILING_ROW : undefined}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Text ff="monospace" fz="sm" fw={500}>
                      {job.name}
                    </Text>
                    {job.failing && (
                      <Badge color="red.9" miw="max-content">
                        Failing
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInterval(job.intervalSeconds)}</Table.Td>
                <Table.Td>
                  {run ? (
                    <>
                      <Text size="sm">{formatDateTime(run.startedAt)}</Text>
                      <Text size="xs" c="dimmed">
                        {formatRelative(run.startedAt, now)}, on {run.replica}
                      </Text>
                    </>
                  ) : (
                    'Never'
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{run ? formatDuration(run.durationMs) : '—'}</Table.Td>
                {/* Wide enough that a failure's reason, not only its exception's name, shows before the clamp. */}
                <Table.Td miw={240} maw={360}>
                  {outcome ? <Badge color={outcome.color}>{outcome.label}</Badge> : '—'}
                  {run?.error && (
                    <Text size="xs" mt={4} lineClamp={4} title={run.error}>
                      {run.error}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatDateTime(job.lastSuccessAt, 'Never')}</Text>
                  {job.lastSuccessAt && (
                    <Text size="xs" c="dimmed">
                      {formatRelative(job.lastSuccessAt, now)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatDateTime(job.nextRunAt)}</Text>
                  <Group gap={4} wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      {formatRelative(job.nextRunAt, now)}
                    </Text>
                    {/* No replica claimed the slot when it started: no Worker is running the job. */}
                    {overdue && (
                      <Badge color="red.9" size="sm" miw="max-content" title="No Worker replica has started this run: is a Worker running?">
                        Overdue
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function BackupsTable({ backups, now }: { backups: Backup[]; now: Date }) {
  return (
    <Table.ScrollContainer minWidth={1000} scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': 'Backups' } }}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Created</Table.Th>
            <Table.Th>Backup</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>Stored in</Table.Th>
            <Table.Th>Contents</Table.Th>
            <Table.Th>Took</Table.Th>
            <Table.Th>Verification</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {backups.map((backup) => {
            const verification = verificationLook(backup.verification)
            return (
              <Table.Tr key={backup.id} bg={backup.verification === 'failed' ? FAILING_ROW : undefined}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatDateTime(backup.createdAt)}</Text>
                  <Text size="xs" c="dimmed">
                    {formatRelative(backup.createdAt, now)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text ff="monospace" fz="sm">
                    {backup.id}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {backup.provider === 'postgresql' ? 'PostgreSQL' : backup.provider === 'sqlite' ? 'SQLite' : backup.provider}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatBytes(backup.sizeBytes)}</Text>
                  <Group gap={4} wrap="nowrap">
                    {backup.encrypted && <IconLock size={12} aria-hidden />}
                    <Text size="xs" c="dimmed">
                      {backup.encrypted ? 'Encrypted' : 'Not encrypted'}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {backup.destinations.map((destination) => (
                      <Badge key={destination} variant="default">
                        {destination}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">
                    {formatCount(backup.tables)} table{backup.tables === 1 ? '' : 's'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatCount(backup.rows)} row{backup.rows === 1 ? '' : 's'}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDuration(backup.durationMs)}</Table.Td>
                <Table.Td maw={320}>
                  <Badge color={verification.color}>{verification.label}</Badge>
                  {backup.verifiedAt && (
                    <Text size="xs" c="dimmed">
                      {formatDateTime(backup.verifiedAt)}
                      {backup.verifyDurationMs != null && `, in ${formatDuration(backup.verifyDurationMs)}`}
                    </Text>
                  )}
                  {backup.verificationError && (
                    <Text size="xs" mt={4} lineClamp={3} title={backup.verificationError}>
                      {backup.verificationError}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
