import { MantineProvider } from '@mantine/core'
import { fireEvent, render, screen } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type { TreeEntry } from './filesTypes.ts'
import { FileTree, ROW_HEIGHT } from './FileTree.tsx'
import { flattenTree } from './treeModel.ts'

const files: TreeEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
  path: `big/file${String(i).padStart(5, '0')}.py`,
  kind: 'file',
  size: 1,
}))
const rows = flattenTree(new Map([['', [{ path: 'big', kind: 'dir', size: 0 }]], ['big', files]]), new Set(['big']))
const viewport = { width: 300, height: 20 * ROW_HEIGHT }

// jsdom lays nothing out; the virtualiser reads the scroll container's client size, so give the tree a viewport.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get() {
      return (this as HTMLElement).dataset.testid === 'file-tree' ? viewport.height : 0
    },
  })
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get() {
      return (this as HTMLElement).dataset.testid === 'file-tree' ? rows.length * ROW_HEIGHT : 0
    },
  })
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get() {
      return (this as HTMLElement).dataset.testid === 'file-tree' ? viewport.width : 0
    },
  })
})
afterAll(() => {
  // The overrides shadow jsdom's getters on Element.prototype; removing them brings those back.
  Reflect.deleteProperty(HTMLElement.prototype, 'clientHeight')
  Reflect.deleteProperty(HTMLElement.prototype, 'clientWidth')
  Reflect.deleteProperty(HTMLElement.prototype, 'scrollHeight')
})

function renderTree(props: Partial<Parameters<typeof FileTree>[0]> = {}) {
  const onOpen = vi.fn()
  const onToggle = vi.fn()
  render(
    <MantineProvider>
      <FileTree rows={rows} selectedPath="" onOpen={onOpen} onToggle={onToggle} {...props} />
    </MantineProvider>,
  )
  return { onOpen, onToggle }
}

describe('FileTree', () => {
  test('10,001 rows put only the visible window (plus overscan) in the DOM, over a spacer as tall as all of them', () => {
    renderTree()
    const items = screen.getAllByRole('treeitem')
    expect(items.length).toBeGreaterThan(10)
    expect(items.length).toBeLessThan(60)
    const tree = screen.getByTestId('file-tree')
    expect(tree).toHaveAttribute('role', 'tree')
    expect((tree.firstElementChild as HTMLElement).style.height).toBe(`${rows.length * ROW_HEIGHT}px`)
  })

  test('rows carry their level, size of set and position, so screen readers know where they are without the rest rendered', () => {
    renderTree()
    const second = screen.getByRole('treeitem', { name: 'file00000.py' })
    expect(second).toHaveAttribute('aria-level', '2')
    expect(second).toHaveAttribute('aria-setsize', '10000')
    expect(second).toHaveAttribute('aria-posinset', '1')
    expect(screen.getByRole('treeitem', { name: 'big' })).toHaveAttribute('aria-expanded', 'true')
  })

  test('exactly one row is the tab stop, and the arrow keys move it and the focus', () => {
    renderTree()
    const tabStops = screen.getAllByRole('treeitem').filter((item) => item.tabIndex === 0)
    expect(tabStops.map((item) => item.textContent)).toEqual(['big'])

    tabStops[0].focus()
    fireEvent.keyDown(tabStops[0], { key: 'ArrowDown' })
    const next = screen.getByRole('treeitem', { name: 'file00000.py' })
    expect(next).toHaveFocus()
    expect(next.tabIndex).toBe(0)
    expect(screen.getByRole('treeitem', { name: 'big' }).tabIndex).toBe(-1)
  })

  test('Enter opens the focused file; Left on an open folder closes it', () => {
    const { onOpen, onToggle } = renderTree({ selectedPath: 'big/file00001.py' })
    const selected = screen.getByRole('treeitem', { name: 'file00001.py' })
    expect(selected).toHaveAttribute('aria-selected', 'true')
    expect(selected.tabIndex).toBe(0)

    fireEvent.keyDown(selected, { key: 'Enter' })
    expect(onOpen).toHaveBeenCalledWith('big/file00001.py')

    fireEvent.keyDown(selected, { key: 'ArrowLeft' })
    const folder = screen.getByRole('treeitem', { name: 'big' })
    expect(folder).toHaveFocus()
    fireEvent.keyDown(folder, { key: 'ArrowLeft' })
    expect(onToggle).toHaveBeenCalledWith('big', false)
  })

  test('End jumps to the last of 10,000 files, which is rendered and focused after the scroll', () => {
    renderTree()
    const first = screen.getByRole('treeitem', { name: 'big' })
    first.focus()
    fireEvent.keyDown(first, { key: 'End' })
    const tree = screen.getByTestId('file-tree')
    fireEvent.scroll(tree, { target: { scrollTop: rows.length * ROW_HEIGHT - viewport.height } })
    expect(screen.getByRole('treeitem', { name: 'file09999.py' })).toHaveFocus()
  })

  test('a file opened from elsewhere is scrolled into view, however far down its folder it is', () => {
    const scrollTo = vi.fn()
    const original = HTMLElement.prototype.scrollTo
    HTMLElement.prototype.scrollTo = scrollTo
    renderTree({ selectedPath: 'big/file09000.py' })
    HTMLElement.prototype.scrollTo = original
    const index = 9001
    const top = scrollTo.mock.calls.at(-1)?.[0]?.top as number
    expect(top).toBeLessThanOrEqual(index * ROW_HEIGHT)
    expect(top + viewport.height).toBeGreaterThanOrEqual((index + 1) * ROW_HEIGHT)
  })
})
