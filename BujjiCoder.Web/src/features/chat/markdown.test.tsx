import { MantineProvider } from '@mantine/core'
import { render, screen } from '@testing-library/react'
import { Marked } from 'marked'
import { afterEach, describe, expect, test } from 'vitest'
import { Markdown } from './Markdown.tsx'

declare global {
  interface Window {
    __bujjiXss?: number
  }
}

// What a poisoned README could make a model repeat: each piece would set the flag if it ran.
const ATTACK = [
  'Here is the fix.',
  '<img src=x onerror="window.__bujjiXss = 1">',
  '<script>window.__bujjiXss = 2</script>',
  '<a href="https://example.com" onclick="window.__bujjiXss = 3">docs</a>',
  '[click me](javascript:window.__bujjiXss=4)',
  '<iframe src="https://example.com"></iframe>',
  '<form action="https://example.com"><input name="q"><button>Go</button></form>',
  '<p style="position:fixed;inset:0">cover</p>',
  '<svg><script>window.__bujjiXss = 5</script></svg>',
].join('\n\n')

afterEach(() => {
  delete window.__bujjiXss
})

function renderReply(text: string) {
  return render(
    <MantineProvider>
      <Markdown text={text} />
    </MantineProvider>,
  )
}

describe('Markdown from the model', () => {
  test('the attack is live without the sanitiser: marked alone passes the handlers and script through', () => {
    const html = new Marked().parse(ATTACK) as string

    expect(html).toContain('onerror=')
    expect(html).toContain('<script>')
  })

  test('HTML and script in a reply never execute: no script, handler, frame, form, style or image survives', async () => {
    renderReply(ATTACK)

    // The reply's own element (Mantine's provider adds a <style> of its own beside it).
    const container = screen.getByText('Here is the fix.').closest('.mantine-Typography-root')!
    expect(container).not.toBeNull()
    expect(container.querySelector('script, img, iframe, form, input, button:not([aria-label]), svg:not(.tabler-icon), style, [style*="fixed"]')).toBeNull()
    const everything = container.querySelectorAll('*')
    for (const element of everything) {
      for (const attribute of element.getAttributeNames()) expect(attribute).not.toMatch(/^on/i)
    }
    expect(container.innerHTML).not.toMatch(/javascript:/i)
    // Give anything that slipped through (an image error, a queued script) the chance to run.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(window.__bujjiXss).toBeUndefined()
  })

  test('links open in a new tab without handing over the opener or a referrer', () => {
    renderReply('See [the docs](https://example.com/docs).')

    const link = screen.getByRole('link', { name: 'the docs' })
    expect(link).toHaveAttribute('href', 'https://example.com/docs')
    expect(link).toHaveAttribute('target', '_blank')
    expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow')
  })

  test('fenced code is shown as text in a monospace block with a Copy button, never as HTML', () => {
    const { container } = renderReply('Try:\n\n```ts\nconst a = "<b>bold</b>"\n```\n\nDone.')

    const code = container.querySelector('pre')
    expect(code).toHaveTextContent('const a = "<b>bold</b>"')
    expect(code?.querySelector('b')).toBeNull()
    expect(screen.getByText('ts')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeInTheDocument()
    expect(screen.getByText('Done.')).toBeInTheDocument()
  })

  test('headings in a reply sit below the page’s own', () => {
    renderReply('# Summary\n\n## Details')

    expect(screen.getByRole('heading', { name: 'Summary' }).tagName).toBe('H4')
    expect(screen.getByRole('heading', { name: 'Details' }).tagName).toBe('H5')
  })
})
