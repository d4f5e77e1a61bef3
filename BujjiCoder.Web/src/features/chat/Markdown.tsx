import { ActionIcon, Code, CopyButton, Group, Paper, Text, Tooltip, Typography } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { memo, useMemo } from 'react'
import { markdownParts } from './markdown.ts'

function CodeBlock({ code, lang }: { code: string; lang?: string }) {
  return (
    <Paper withBorder radius="sm" my="xs">
      <Group justify="space-between" px="xs" py={2}>
        {/* A span: a paragraph here would take the Markdown typography's paragraph margin. */}
        <Text component="span" size="xs" ff="monospace">
          {lang ?? 'code'}
        </Text>
        <CopyButton value={code} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy code'} withArrow>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={copied ? 'Copied' : 'Copy code'} size="sm">
                {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Code block style={{ borderRadius: 0, whiteSpace: 'pre', overflowX: 'auto' }}>
        {code}
      </Code>
    </Paper>
  )
}

/** A model's Markdown, sanitised (see markdown.ts); fenced code as monospace blocks with a Copy button. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const parts = useMemo(() => markdownParts(text), [text])
  return (
    <Typography>
      {parts.map((part, i) =>
        part.kind === 'code' ? (
          <CodeBlock key={i} code={part.code} lang={part.lang} />
        ) : (
          // Sanitised in markdownParts: this HTML has no script, handler, style, frame, form or image left.
          <div key={i} dangerouslySetInnerHTML={{ __html: part.html }} />
        ),
      )}
    </Typography>
  )
})
