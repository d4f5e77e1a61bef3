import { Alert, Anchor, Badge, Box, Button, Center, Group, Paper, Skeleton, Stack, Text, Title, Tooltip, useComputedColorScheme } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { IconDeviceFloppy } from '@tabler/icons-react'
import { lazy, Suspense, useCallback, useMemo, useRef } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { workspaceCompletions } from './completion.ts'
import { ConflictModal } from './ConflictModal.tsx'
import { DeleteFileButton, NewFileButton } from './FileActions.tsx'
import { FileTree } from './FileTree.tsx'
import { UnsavedChangesPrompt } from './UnsavedChangesPrompt.tsx'
import { useFileDocument } from './useFileDocument.ts'
import { useFileTree } from './useFileTree.ts'
import { useWorkspaceAccess } from '../workspaces/useWorkspaceAccess.ts'

// CodeMirror and its grammars are a chunk of their own, fetched when the first file opens.
const CodeEditor = lazy(() => import('./CodeEditor.tsx'))

/** Room left under the app header, the workspace title and its tabs; the tree and editor scroll inside it. */
const PANE_HEIGHT = 'max(420px, calc(100dvh - 215px))'

function lineParam(value: string | null): number | undefined {
  const n = Number(value)
  return value && Number.isInteger(n) && n > 0 ? n : undefined
}

export default function FilesPage() {
  const { ws = '', '*': splat = '' } = useParams()
  const path = splat.replace(/^\/+|\/+$/g, '')
  const [search] = useSearchParams()
  const navigate = useNavigate()
  const dark = useComputedColorScheme('light') === 'dark'
  const canWrite = useWorkspaceAccess().can('write')

  const tree = useFileTree(ws, path)
  const doc = useFileDocument(ws, path)
  const { state } = doc

  const line = lineParam(search.get('line'))
  const endLine = lineParam(search.get('endLine'))
  const lines = useMemo(() => (line ? { from: line, to: Math.max(endLine ?? line, line) } : null), [line, endLine])

  const pathRef = useRef(path)
  pathRef.current = path
  const completion = useMemo(() => (canWrite ? workspaceCompletions(ws, () => pathRef.current) : undefined), [ws, canWrite])

  const open = useCallback((file: string) => navigate(paths.file(ws, file)), [navigate, ws])
  const save = doc.save
  useHotkeys([['mod+S', () => void save()]], [])

  return (
    <Box style={{ display: 'grid', gridTemplateColumns: 'minmax(220px, 280px) minmax(0, 1fr)', gap: 'var(--mantine-spacing-sm)' }} h={PANE_HEIGHT}>
      <Paper withBorder p={4} style={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
        <Group justify="space-between" px="xs" py={4} mih={36} wrap="nowrap">
          <Title order={2} size="h5">
            Files
          </Title>
          {canWrite && <NewFileButton ws={ws} near={path} onCreated={open} />}
        </Group>
        <Box style={{ flex: 1, minHeight: 0 }}>
          {tree.pending ? (
            <Stack gap={6} p="xs" aria-label="Loading files">
              {Array.from({ length: 8 }, (_, i) => (
                <Skeleton key={i} height={18} />
              ))}
            </Stack>
          ) : tree.error ? (
            <Alert color="red" m="xs" title="Could not list the files">
              {errorMessage(tree.error)}
            </Alert>
          ) : tree.rows.length === 0 ? (
            <Text size="sm" c="dimmed" p="xs">
              No files yet.{' '}
              {canWrite && (
                <>
                  Create one with the New file button above, or{' '}
                  <Anchor component={Link} to={paths.import(ws)}>
                    import an archive
                  </Anchor>
                  .
                </>
              )}
            </Text>
          ) : (
            <FileTree rows={tree.rows} selectedPath={path} onOpen={open} onToggle={tree.setOpen} />
          )}
        </Box>
      </Paper>

      <Paper withBorder style={{ display: 'flex', flexDirection: 'column', minHeight: 0, overflow: 'hidden' }}>
        {path === '' ? (
          <Center h="100%" p="md">
            <Text c="dimmed">
              {!tree.pending && tree.rows.length === 0
                ? 'Nothing to open yet: this workspace has no files.'
                : `Choose a file in the tree to open it${canWrite ? ', or create a new one' : ''}.`}
            </Text>
          </Center>
        ) : (
          <>
            <Group justify="space-between" px="sm" py={6} mih={44} wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
              <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                <Text ff="monospace" size="sm" truncate="start" title={path}>
                  {path}
                </Text>
                {doc.dirty && (
                  <Badge color="yellow" variant="dot" size="sm">
                    Unsaved
                  </Badge>
                )}
                {!canWrite && (
                  <Badge color="gray" variant="light" size="sm">
                    Read-only
                  </Badge>
                )}
              </Group>
              {canWrite && doc.loaded && (
                <Group gap="xs" wrap="nowrap">
                  <DeleteFileButton ws={ws} path={path} etag={state.etag} onDeleted={() => navigate(paths.files(ws))} />
                  {!state.binary && (
                    <Tooltip label="Save (Ctrl+S)">
                      <Button
                        size="xs"
                        leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                        onClick={() => void save()}
                        loading={state.saving}
                        disabled={!doc.dirty}
                      >
                        Save
                      </Button>
                    </Tooltip>
                  )}
                </Group>
              )}
            </Group>
            <Box style={{ flex: 1, minHeight: 0 }}>
              {doc.error ? (
                <Alert color="red" m="md" title={`Could not open ${path}`}>
                  {errorMessage(doc.error)}
                </Alert>
              ) : !doc.loaded ? (
                <Stack p="md" gap="xs" aria-label="Loading file">
                  {Array.from({ length: 10 }, (_, i) => (
                    <Skeleton key={i} height={14} width={`${40 + ((i * 37) % 55)}%`} />
                  ))}
                </Stack>
              ) : state.binary ? (
                <Alert color="gray" m="md" title="Binary file">
                  This file is not text, so it cannot be shown here. It is kept in the workspace and included in exports.
                </Alert>
              ) : (
                <Suspense fallback={<Skeleton m="md" height={200} />}>
                  <CodeEditor
                    path={state.path}
                    value={state.text}
                    docKey={`${state.path}#${state.generation}`}
                    readOnly={!canWrite}
                    dark={dark}
                    completion={completion}
                    lines={lines}
                    onChange={doc.edit}
                    onSave={() => void save()}
                  />
                </Suspense>
              )}
            </Box>
          </>
        )}
      </Paper>

      <UnsavedChangesPrompt dirty={doc.dirty} path={path} />
      <ConflictModal
        path={path}
        base={state.base}
        conflict={state.conflict}
        saving={state.saving}
        onReloadTheirs={doc.reloadTheirs}
        onOverwrite={() => void doc.overwrite()}
        onKeepEditing={doc.keepEditing}
      />
    </Box>
  )
}
