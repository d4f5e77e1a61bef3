import { Badge, Group, Text, VisuallyHidden } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../../app/paths.ts'
import type { ContextFile } from './chatTypes.ts'

/** The code the answer was given, each piece a link to the file at those lines. */
export function ContextChips({ ws, files }: { ws: string; files: ContextFile[] }) {
  if (files.length === 0) return null
  return (
    <Group gap={6} align="center">
      <Text size="xs" component="span">
        Context:
      </Text>
      {files.map((file) => (
        <Badge
          key={`${file.path}:${file.startLine}-${file.endLine}`}
          component={Link}
          to={paths.file(ws, file.path, file.startLine, file.endLine)}
          variant="light"
          tt="none"
          radius="sm"
          style={{ cursor: 'pointer' }}
        >
          <VisuallyHidden>Open </VisuallyHidden>
          {file.path}:{file.startLine}–{file.endLine}
        </Badge>
      ))}
    </Group>
  )
}
