import { Alert, Anchor, Button, Group, Loader, MultiSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core'
import { IconCheck, IconSparkles, IconX } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { ApiError, errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { DiffViewer } from '../../components/diff/index.ts'
import { defaultModel, useModels } from '../chat/chatQueries.ts'
import { Markdown } from '../chat/Markdown.tsx'
import { ModelPicker } from '../chat/ModelPicker.tsx'
import { UsageLine } from '../chat/UsageLine.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useApplyDiff, useCompose, useFilePaths } from './composerQueries.ts'
import type { ComposerProposal, DiffApplied, FilePreview } from './composerTypes.ts'
import { FileApplyStatus } from './FileApplyStatus.tsx'

/** The revision message: the instruction's first line, as a person would write a commit message. */
function messageFrom(instruction: string): string {
  const line = instruction.split('\n')[0].trim()
  return line.length > 200 ? `${line.slice(0, 199)}…` : line
}

export default function ComposerPage() {
  const { ws = '' } = useParams()
  const files = useFilePaths(ws)
  const models = useModels()
  const compose = useCompose(ws)
  const apply = useApplyDiff(ws)
  const [instruction, setInstruction] = useState('')
  const [chosen, setChosen] = useState<string[]>([])
  const [picked, setPicked] = useState<string | undefined>()
  const [proposal, setProposal] = useState<ComposerProposal | null>(null)
  const [previews, setPreviews] = useState<FilePreview[]>([])
  const [applyError, setApplyError] = useState<string | null>(null)
  const [applied, setApplied] = useState<DiffApplied | null>(null)

  const available = models.data ?? []
  const model = (picked && available.some((m) => m.id === picked) ? picked : undefined) ?? defaultModel(available)

  async function propose(event: FormEvent) {
    event.preventDefault()
    setApplied(null)
    setApplyError(null)
    setProposal(null)
    try {
      const result = await compose.mutateAsync({ instruction: instruction.trim(), paths: chosen, model: model ?? null })
      setProposal(result)
      setPreviews(result.files)
    } catch {
      // Shown from compose.error below.
    }
  }

  async function applyProposal() {
    if (!proposal) return
    setApplyError(null)
    try {
      setApplied(await apply.mutateAsync({ diff: proposal.diff, message: messageFrom(instruction) }))
      setProposal(null)
    } catch (e) {
      setApplyError(errorMessage(e))
      // A conflict names the files that no longer apply: show why next to each.
      const conflicted = e instanceof ApiError && Array.isArray(e.problem.files) ? (e.problem.files as FilePreview[]) : []
      if (conflicted.length > 0) {
        setPreviews((current) => current.map((p) => conflicted.find((c) => c.path === p.path) ?? p))
      }
    }
  }

  function discard() {
    setProposal(null)
    setPreviews([])
    setApplyError(null)
  }

  const previewFor = (path: string) => previews.find((p) => p.path === path || p.oldPath === path)

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        Composer
      </Title>
      <Text size="sm">Describe a change; the model proposes a diff across the files. Nothing changes until you apply it.</Text>
      <Paper withBorder p="md" component="form" onSubmit={propose}>
        <Stack gap="sm">
          <Textarea
            label="Instruction"
            description="What should change, and why"
            placeholder="e.g. Rename greet to welcome and update every caller"
            autosize
            minRows={3}
            maxRows={10}
            required
            value={instruction}
            onChange={(e) => setInstruction(e.currentTarget.value)}
          />
          <Group align="flex-end" gap="sm" wrap="wrap">
            <MultiSelect
              label="Files"
              description="Given to the model whole (up to 20); it also searches the workspace"
              placeholder={files.isPending ? 'Loading files…' : chosen.length === 0 ? 'Pick files (optional)' : undefined}
              data={files.data ?? []}
              value={chosen}
              onChange={setChosen}
              searchable
              clearable
              limit={50}
              maxValues={20}
              nothingFoundMessage={files.isError ? errorMessage(files.error) : 'No file matches'}
              style={{ flex: 1, minWidth: 280 }}
            />
            <ModelPicker models={available} value={model} onChange={setPicked} size="sm" />
            <Button type="submit" loading={compose.isPending} disabled={!instruction.trim() || !model} leftSection={<IconSparkles size={16} aria-hidden />}>
              Propose change
            </Button>
          </Group>
          {models.isSuccess && available.length === 0 && (
            <Alert color="blue" title="No model is available">
              The composer needs a language model, and none is configured that you may use. Ask an administrator to set up an LLM provider.
            </Alert>
          )}
        </Stack>
      </Paper>

      {compose.isPending && (
        <Group gap="xs">
          <Loader size="sm" aria-label="Waiting for the proposal" />
          <Text size="sm">The model is writing the change. This can take a minute.</Text>
        </Group>
      )}
      {compose.isError && <ErrorAlert title="No proposal" error={compose.error} />}

      {applied && (
        <Alert color="blue" title="Applied" icon={<IconCheck aria-hidden />}>
          {applied.revision ? (
            <>
              {applied.files.length} file{applied.files.length === 1 ? '' : 's'} changed in one revision.{' '}
              <Anchor component={Link} to={paths.revisions(ws, applied.revision)}>
                See it in History
              </Anchor>{' '}
              (you can revert it there).
            </>
          ) : (
            'The diff changed nothing: the files already looked like that.'
          )}
        </Alert>
      )}

      {proposal && (
        <Stack gap="sm" aria-label="Proposal" component="section">
          <Title order={3} size="h4">
            Proposal
          </Title>
          {proposal.summary && <Markdown text={proposal.summary} />}
          <UsageLine usage={proposal.usage} />
          {proposal.diff.trim() === '' ? (
            <Alert color="blue" title="No change proposed">
              The model answered without a diff. Make the instruction more specific, or pick the files it should change.
            </Alert>
          ) : (
            <>
              {proposal.applies ? (
                <Text size="sm">Every file applies to the workspace as it is now.</Text>
              ) : (
                <Alert color="red" title="Not every file applies">
                  The files below marked “does not apply” have changed since the model read them, or the model got them wrong. Applying is all or
                  nothing, so nothing would change: discard this and ask again.
                </Alert>
              )}
              <DiffViewer diff={proposal.diff} headingOrder={4} fileExtra={(file) => <FileApplyStatus preview={previewFor(file.path)} />} />
              {applyError && (
                <Alert color="red" title="Nothing was applied" role="alert">
                  {applyError}
                </Alert>
              )}
              <Group>
                <Button onClick={applyProposal} loading={apply.isPending} leftSection={<IconCheck size={16} aria-hidden />}>
                  Apply
                </Button>
                <Button variant="default" onClick={discard} disabled={apply.isPending} leftSection={<IconX size={16} aria-hidden />}>
                  Discard
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
    </Stack>
  )
}
