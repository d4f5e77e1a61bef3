import { Button, Group, Textarea } from '@mantine/core'
import { IconPlayerStopFilled, IconSend } from '@tabler/icons-react'
import { useState, type KeyboardEvent } from 'react'

export interface MessageInputProps {
  streaming: boolean
  disabled?: boolean
  onSend: (text: string) => void
  onStop: () => void
}

/** The question box: Enter sends, Shift+Enter starts a new line; while an answer streams, Stop ends it. */
export function MessageInput({ streaming, disabled, onSend, onStop }: MessageInputProps) {
  const [text, setText] = useState('')
  const canSend = !streaming && !disabled && text.trim().length > 0

  function send() {
    if (!canSend) return
    onSend(text.trim())
    setText('')
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // isComposing: Enter that confirms an IME composition (Japanese, Chinese…) is not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      send()
    }
  }

  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <Textarea
        aria-label="Message"
        placeholder="Ask about this workspace (Enter to send, Shift+Enter for a new line)"
        autosize
        minRows={2}
        maxRows={8}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        disabled={disabled}
        style={{ flex: 1 }}
      />
      {streaming ? (
        <Button color="red" variant="light" onClick={onStop} leftSection={<IconPlayerStopFilled size={16} aria-hidden />}>
          Stop
        </Button>
      ) : (
        <Button onClick={send} disabled={!canSend} leftSection={<IconSend size={16} aria-hidden />}>
          Send
        </Button>
      )}
    </Group>
  )
}
