import '@mantine/dropzone/styles.css'
import { Alert, Button, Group, Paper, Progress, Stack, Switch, Text, Title } from '@mantine/core'
import { Dropzone, type FileRejection } from '@mantine/dropzone'
import { useQueryClient } from '@tanstack/react-query'
import { IconFileZip, IconUpload, IconX } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { paths } from '../../app/paths.ts'
import { formatBytes, formatCount } from '../../components/format.ts'
import { describeJobProblem, importFailure, type ImportFailure } from './importOutcome.ts'
import { ImportFailureView } from './ImportFailureView.tsx'
import { ImportSummaryView } from './ImportSummaryView.tsx'
import { uploadArchive } from './uploadArchive.ts'
import { isFinished, useImportJob } from './useImportJob.ts'
import { useWorkspaceAccess } from './useWorkspaceAccess.ts'
import type { ImportJob, ImportSummary } from './workspaceTypes.ts'

// Browsers disagree on the MIME type of a .tar.gz (or send none): the extensions are what counts.
const ACCEPT = {
  'application/zip': ['.zip'],
  'application/gzip': ['.tar.gz', '.tgz'],
  'application/x-gzip': ['.tar.gz', '.tgz'],
  'application/x-compressed-tar': ['.tar.gz', '.tgz'],
}
const ARCHIVE_NAME = /\.(zip|tar\.gz|tgz)$/i

type Phase =
  | { step: 'choose'; rejected?: string }
  | { step: 'uploading'; file: File; sent: number; total: number }
  | { step: 'job'; file: File; jobId: string }
  | { step: 'done'; file: File; summary: ImportSummary }
  | { step: 'failed'; file: File; failure: ImportFailure }

/** Where a followed job stands, from the poll's answer. */
function fromJob(job: ImportJob | undefined): { summary?: ImportSummary; failure?: ImportFailure } {
  if (!job || !isFinished(job)) return {}
  if (job.status === 'succeeded' && job.result) return { summary: job.result }
  return {
    failure: job.error
      ? describeJobProblem(job.error)
      : { title: 'The import failed', message: 'The import failed; nothing was imported.', rejected: [] },
  }
}

export default function ImportPage() {
  const { ws, can, workspace } = useWorkspaceAccess()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [respectGitignore, setRespectGitignore] = useState(true)
  const [phase, setPhase] = useState<Phase>({ step: 'choose' })
  const abort = useRef<AbortController | null>(null)
  const openPicker = useRef<() => void>(null)
  const job = useImportJob(ws, phase.step === 'job' ? phase.jobId : null)
  const followed = phase.step === 'job' ? fromJob(job.data) : {}
  const summary = phase.step === 'done' ? phase.summary : followed.summary
  const failure =
    phase.step === 'failed' ? phase.failure : (followed.failure ?? (job.isError ? importFailure(job.error) : undefined))

  // Stop an upload still running when the user leaves the page.
  useEffect(() => () => abort.current?.abort(), [])

  // New files, a new revision, a newer updatedAt: whatever was cached about this workspace is out of date.
  useEffect(() => {
    if (!summary) return
    void queryClient.invalidateQueries({
      predicate: (query) => query.queryKey.includes(ws) && !query.queryKey.includes('import'),
    })
    void queryClient.invalidateQueries({ queryKey: ['workspaces', 'list'] })
  }, [summary, ws, queryClient])

  async function start(file: File) {
    const controller = new AbortController()
    abort.current = controller
    setPhase({ step: 'uploading', file, sent: 0, total: file.size })
    try {
      const outcome = await uploadArchive(ws, file, {
        respectGitignore,
        signal: controller.signal,
        onProgress: (sent, total) => setPhase({ step: 'uploading', file, sent, total }),
      })
      setPhase(
        outcome.kind === 'imported'
          ? { step: 'done', file, summary: outcome.summary }
          : { step: 'job', file, jobId: outcome.jobId },
      )
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') {
        setPhase({ step: 'choose' })
        return
      }
      setPhase({
        step: 'failed',
        file,
        failure: importFailure(e) ?? {
          title: 'The upload failed',
          message: 'The Bujji Coder Api could not be reached. Check your connection and try again.',
          rejected: [],
        },
      })
    } finally {
      abort.current = null
    }
  }

  function onReject(rejections: FileRejection[]) {
    const names = rejections.map((r) => r.file.name).join(', ')
    setPhase({
      step: 'choose',
      rejected:
        rejections.length > 1
          ? 'Drop one archive at a time.'
          : `${names} is not an archive Bujji Coder can import. Choose a .zip, .tar.gz or .tgz file.`,
    })
  }

  if (workspace && !can('write')) {
    return (
      <Stack>
        <Title order={2}>Import an archive</Title>
        <Alert color="yellow" title="You cannot import here">
          Your role in this workspace is Viewer. Ask an owner to make you an Editor to import code.
        </Alert>
      </Stack>
    )
  }

  const reset = () => setPhase({ step: 'choose' })
  const fileName = phase.step === 'choose' ? '' : phase.file.name

  return (
    <Stack maw={960}>
      <Title order={2}>Import an archive</Title>

      {phase.step === 'choose' && (
        <>
          <Text size="sm" c="dimmed">
            Upload your code as a .zip, .tar.gz or .tgz. Files already in the workspace with the same path are replaced;
            dependencies and build output (node_modules, bin, obj, .git) are always skipped. The archive is checked for
            malware and unsafe entries first: if anything is wrong, nothing is imported.
          </Text>
          <Switch
            label="Respect .gitignore"
            description="Skip files that the archive's .gitignore files ignore."
            checked={respectGitignore}
            onChange={(e) => setRespectGitignore(e.currentTarget.checked)}
          />
          <Dropzone
            onDrop={(files) => {
              const file = files[0]
              if (!file) return
              if (!ARCHIVE_NAME.test(file.name)) onReject([{ file, errors: [] }])
              else void start(file)
            }}
            onReject={onReject}
            accept={ACCEPT}
            multiple={false}
            maxFiles={1}
            openRef={openPicker}
            // A pointer target only: keyboard users have the "Choose archive" button, so the zone is not a second
            // (nameless, nested) control in the tab order.
            activateOnKeyboard={false}
            tabIndex={-1}
            inputProps={{ 'aria-label': 'Archive file' }}
          >
            <Group justify="center" gap="lg" mih={160} style={{ pointerEvents: 'none' }}>
              <Dropzone.Accept>
                <IconUpload size={48} aria-hidden />
              </Dropzone.Accept>
              <Dropzone.Reject>
                <IconX size={48} aria-hidden />
              </Dropzone.Reject>
              <Dropzone.Idle>
                <IconFileZip size={48} aria-hidden />
              </Dropzone.Idle>
              <div>
                <Text size="lg" fw={500}>
                  Drop an archive here, or click to choose one
                </Text>
                <Text size="sm" c="dimmed">
                  One .zip, .tar.gz or .tgz file
                </Text>
              </div>
            </Group>
          </Dropzone>
          {phase.rejected && (
            <Alert color="red" role="alert" title="That file cannot be imported">
              {phase.rejected}
            </Alert>
          )}
          <div>
            <Button variant="default" leftSection={<IconUpload size={16} aria-hidden />} onClick={() => openPicker.current?.()}>
              Choose archive…
            </Button>
          </div>
        </>
      )}

      {phase.step === 'uploading' && <UploadProgress phase={phase} onCancel={() => abort.current?.abort()} />}

      {phase.step === 'job' && !summary && !failure && <JobProgress job={job.data} fileName={fileName} />}

      {summary && (
        <ImportSummaryView
          ws={ws}
          summary={summary}
          fileName={fileName}
          onOpenFiles={() => navigate(paths.files(ws))}
          onImportAnother={reset}
        />
      )}

      {failure && !summary && <ImportFailureView failure={failure} fileName={fileName} onRetry={reset} />}
    </Stack>
  )
}

function UploadProgress({
  phase,
  onCancel,
}: {
  phase: { file: File; sent: number; total: number }
  onCancel: () => void
}) {
  const total = phase.total || phase.file.size
  const percent = total > 0 ? Math.min(100, Math.round((phase.sent / total) * 100)) : 0
  const sent = percent >= 100
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
            {phase.file.name}
          </Text>
          {!sent && (
            <Button size="xs" variant="default" onClick={onCancel}>
              Cancel upload
            </Button>
          )}
        </Group>
        <Progress
          value={sent ? 100 : percent}
          size="lg"
          striped={sent}
          animated={sent}
          aria-label="Upload progress"
          transitionDuration={200}
        />
        <Text size="sm" c="dimmed" aria-live="polite">
          {sent
            ? 'Uploaded. Checking the archive for malware and unsafe entries, then importing…'
            : `Uploading: ${formatBytes(phase.sent)} of ${formatBytes(total)} (${percent}%)`}
        </Text>
      </Stack>
    </Paper>
  )
}

function JobProgress({ job, fileName }: { job: ImportJob | undefined; fileName: string }) {
  const percent = job && job.bytesTotal > 0 ? Math.min(100, Math.round((job.bytesRead / job.bytesTotal) * 100)) : 0
  const queued = !job || job.status === 'queued'
  // A running job reports nothing read until its scan is done, and (on SQLite) nothing while it writes.
  const scanning = !queued && job.bytesRead === 0
  const busy = queued || scanning
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
          {fileName}
        </Text>
        <Progress value={busy ? 100 : percent} striped={busy} animated={busy} size="lg" aria-label="Import progress" />
        <Text size="sm" c="dimmed" aria-live="polite">
          {queued
            ? 'Uploaded. Waiting for the import to start…'
            : scanning
              ? 'Reading and checking the archive…'
              : `Importing: ${formatBytes(job.bytesRead)} of ${formatBytes(job.bytesTotal)} read (${percent}%), ${formatCount(job.filesWritten)} files written`}
        </Text>
      </Stack>
    </Paper>
  )
}
