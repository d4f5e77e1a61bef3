import { MantineProvider } from '@mantine/core'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, test, vi } from 'vitest'
import { ConflictModal } from './ConflictModal.tsx'

function renderModal() {
  const handlers = { onReloadTheirs: vi.fn(), onOverwrite: vi.fn(), onKeepEditing: vi.fn() }
  render(
    <MantineProvider>
      <ConflictModal
        path="src/a.py"
        base={'one\ntwo\n'}
        conflict={{ mine: 'one\ntwo\nmine\n', theirs: 'one\nTWO\n', theirEtag: '"v3"' }}
        saving={false}
        {...handlers}
      />
    </MantineProvider>,
  )
  return handlers
}

describe('ConflictModal', () => {
  test('shows what the other person changed since the version the user started from', async () => {
    renderModal()
    const theirs = await screen.findByLabelText('Changes saved by someone else')
    expect(theirs).toHaveTextContent('-two')
    expect(theirs).toHaveTextContent('+TWO')
    await userEvent.click(screen.getByRole('tab', { name: 'Your changes' }))
    expect(await screen.findByLabelText('Your unsaved changes')).toHaveTextContent('+mine')
  })

  test('each choice is its own named button', async () => {
    const handlers = renderModal()
    await userEvent.click(await screen.findByRole('button', { name: 'Reload theirs' }))
    expect(handlers.onReloadTheirs).toHaveBeenCalledOnce()
    await userEvent.click(screen.getByRole('button', { name: 'Overwrite with mine' }))
    expect(handlers.onOverwrite).toHaveBeenCalledOnce()
  })
})
