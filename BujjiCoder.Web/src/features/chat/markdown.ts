/**
 * Model output is untrusted: a reply can carry HTML or script, planted by whoever wrote the code or docs the
 * model read. Markdown is turned into HTML by marked and then through DOMPurify before it reaches the DOM.
 * Fenced code never becomes HTML at all: it is handed back as text for React to render with a Copy button.
 */
import DOMPurify, { type Config } from 'dompurify'
import { Marked, type Token, type Tokens } from 'marked'

export type MarkdownPart = { kind: 'html'; html: string } | { kind: 'code'; code: string; lang?: string }

const marked = new Marked({
  gfm: true,
  renderer: {
    // Replies sit under the page's h2 and the message: their "# Title" starts at h4, so the outline stays in order.
    heading({ tokens, depth }) {
      const level = Math.min(6, depth + 3)
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`
    },
  },
})

// An instance of our own: the hook below must not change how other screens sanitise.
const purify = DOMPurify(window)

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  // Images are refused too: a remote image in a reply would let an injected prompt send workspace text to any
  // server through its URL. Forms, frames and embeds have no place in an answer.
  FORBID_TAGS: ['style', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'img', 'video', 'audio', 'source', 'link', 'meta', 'base'],
  FORBID_ATTR: ['style', 'srcset', 'formaction'],
  ALLOW_DATA_ATTR: false,
}

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer nofollow')
  }
})

export function sanitize(html: string): string {
  return purify.sanitize(html, { ...CONFIG, RETURN_TRUSTED_TYPE: false }) as string
}

/** Markdown → runs of sanitised HTML, with each fenced code block as its own plain-text part. */
export function markdownParts(text: string): MarkdownPart[] {
  const tokens = marked.lexer(text)
  const parts: MarkdownPart[] = []
  let run: Token[] = []
  const flush = () => {
    if (run.length === 0) return
    const html = sanitize(marked.parser(run))
    if (html.trim()) parts.push({ kind: 'html', html })
    run = []
  }
  for (const token of tokens) {
    if (token.type === 'code') {
      flush()
      const code = token as Tokens.Code
      parts.push({ kind: 'code', code: code.text, lang: code.lang?.split(/\s/)[0] || undefined })
    } else {
      run.push(token)
    }
  }
  flush()
  return parts
}
