import { MantineProvider } from '@mantine/core'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, test } from 'vitest'
import { DiffViewer } from './DiffView.tsx'
import { parseDiff, splitRows } from './parseDiff.ts'

const DIFF = `diff --git a/src/greet.ts b/src/greet.ts
--- a/src/greet.ts
+++ b/src/greet.ts
@@ -10,4 +10,5 @@ export function greet
 keep one
-old two
-old three
+new two
+new three
+new four
 keep five
diff --git a/notes.txt b/notes.txt
new file mode 100644
--- /dev/null
+++ b/notes.txt
@@ -0,0 +1,2 @@
+hello
+world
Binary files a/logo.png and b/logo.png differ
# 2 more file(s) not shown; see the revision's file list.
`

describe('parseDiff', () => {
  test('counts each file’s added and removed lines and numbers them on their own side', () => {
    const { files, notes } = parseDiff(DIFF)

    expect(files.map((f) => [f.path, f.status, f.additions, f.deletions])).toEqual([
      ['src/greet.ts', 'modified', 3, 2],
      ['notes.txt', 'added', 2, 0],
      ['logo.png', 'binary', 0, 0],
    ])
    const lines = files[0].hunks[0].lines
    expect(lines[0]).toEqual({ kind: 'context', text: 'keep one', oldLine: 10, newLine: 10 })
    expect(lines[1]).toEqual({ kind: 'removed', text: 'old two', oldLine: 11 })
    expect(lines[5]).toEqual({ kind: 'added', text: 'new four', newLine: 13 })
    expect(lines[6]).toEqual({ kind: 'context', text: 'keep five', oldLine: 13, newLine: 14 })
    expect(files[1].hunks[0].header).toBe('@@ -0,0 +1,2 @@')
    expect(files[1].hunks[0].lines.map((l) => l.newLine)).toEqual([1, 2])
    expect(notes).toEqual(["2 more file(s) not shown; see the revision's file list."])
  })

  test('split rows pair each removed line with the added line that replaced it and pad the longer side', () => {
    const rows = splitRows(parseDiff(DIFF).files[0]).filter((r) => r.kind === 'lines')

    expect(rows.map((r) => [r.left?.text, r.right?.text])).toEqual([
      ['keep one', 'keep one'],
      ['old two', 'new two'],
      ['old three', 'new three'],
      [undefined, 'new four'],
      ['keep five', 'keep five'],
    ])
  })

  test('text that is not a diff is refused rather than shown as nothing', () => {
    expect(() => parseDiff('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n+only one line\n')).toThrow()
  })
})

describe('DiffViewer', () => {
  function renderDiff(diff = DIFF) {
    return render(
      <MantineProvider>
        <DiffViewer diff={diff} />
      </MantineProvider>,
    )
  }

  test('unified view shows each line once, with its change said in words for screen readers', () => {
    renderDiff()

    const table = screen.getByRole('table', { name: 'Changes to src/greet.ts' })
    const rows = within(table).getAllByRole('row').slice(2) // column headers, hunk header
    expect(rows.map((r) => r.textContent)).toEqual([
      '1010unchangedkeep one',
      '11removed−old two',
      '12removed−old three',
      '11added+new two',
      '12added+new three',
      '13added+new four',
      '1314unchangedkeep five',
    ])
    expect(within(table).getAllByRole('rowheader', { name: /added/ })).toHaveLength(3)
    const file = screen.getByRole('region', { name: 'src/greet.ts' })
    expect(within(file).getByText(/^\+3/)).toHaveTextContent('+3 lines added, −2 lines removed')
    expect(screen.getByText('Binary file, not shown.')).toBeInTheDocument()
  })

  test('split view puts the old line beside the new one', async () => {
    renderDiff()

    await userEvent.click(screen.getByRole('radio', { name: 'Split' }))

    const table = screen.getByRole('table', { name: 'Changes to src/greet.ts, side by side' })
    const replaced = within(table)
      .getAllByRole('row')
      .find((r) => r.textContent?.includes('old two'))
    expect(replaced).toHaveTextContent('11removed−old two11added+new two')
    expect(within(table).getAllByRole('row').find((r) => r.textContent?.includes('new four'))).toHaveTextContent(/^13added\+new four$/)
  })

  test('a diff that cannot be read says so', () => {
    renderDiff('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n+only one line\n')

    expect(screen.getByText('This diff cannot be shown')).toBeInTheDocument()
  })

  test('a huge file shows its first lines and the rest on request; many files come a few at a time', async () => {
    const big = `--- /dev/null\n+++ b/big.txt\n@@ -0,0 +1,1000 @@\n${Array.from({ length: 1000 }, (_, i) => `+line ${i + 1}`).join('\n')}\n`
    const many = Array.from({ length: 30 }, (_, i) => `--- a/f${i}.txt\n+++ b/f${i}.txt\n@@ -1 +1 @@\n-old\n+new\n`).join('')
    renderDiff(big + many)

    const table = screen.getByRole('table', { name: 'Changes to big.txt' })
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 1 + 400) // column headers, hunk header, lines
    await userEvent.click(screen.getByRole('button', { name: 'Show all 1000 lines' }))
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 1 + 1000)

    expect(screen.getAllByRole('region')).toHaveLength(25)
    await userEvent.click(screen.getByRole('button', { name: 'Show 6 more of 6 files' }))
    expect(screen.getAllByRole('region')).toHaveLength(31)
  })
})
