import { describe, expect, test } from 'vitest'
import type { TreeEntry } from './filesTypes.ts'
import { ancestorsOf, flattenTree, parentOf, treeKeyAction } from './treeModel.ts'

const dir = (path: string): TreeEntry => ({ path, kind: 'dir', size: 0 })
const file = (path: string): TreeEntry => ({ path, kind: 'file', size: 1 })

const listings = new Map<string, TreeEntry[]>([
  ['', [dir('src'), dir('tests'), file('README.md')]],
  ['src', [dir('src/api'), file('src/main.ts')]],
  ['src/api', [file('src/api/client.ts')]],
])

describe('flattenTree', () => {
  test('collapsed folders hide their entries, so only the root listing is shown', () => {
    const rows = flattenTree(listings, new Set())
    expect(rows.map((r) => r.path)).toEqual(['src', 'tests', 'README.md'])
    expect(rows.map((r) => r.level)).toEqual([1, 1, 1])
  })

  test('expanded folders show their entries right under them, one level deeper, with their position among siblings', () => {
    const rows = flattenTree(listings, new Set(['src', 'src/api']))
    expect(rows.map((r) => `${r.level}:${r.name}`)).toEqual([
      '1:src',
      '2:api',
      '3:client.ts',
      '2:main.ts',
      '1:tests',
      '1:README.md',
    ])
    expect(rows[3]).toMatchObject({ posInSet: 2, setSize: 2 })
    expect(rows.find((r) => r.path === 'src')).toMatchObject({ expanded: true, loading: false })
  })

  test('an expanded folder whose listing has not arrived is marked loading and shows no children yet', () => {
    const rows = flattenTree(listings, new Set(['tests']))
    expect(rows.find((r) => r.path === 'tests')).toMatchObject({ expanded: true, loading: true })
    expect(rows).toHaveLength(3)
  })

  test('a folder expanded under a collapsed parent stays hidden until the parent opens', () => {
    expect(flattenTree(listings, new Set(['src/api'])).map((r) => r.path)).toEqual(['src', 'tests', 'README.md'])
  })

  test('10,000 files in one folder flatten in a single pass in well under half a second', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => file(`big/f${String(i).padStart(5, '0')}.py`))
    const started = performance.now()
    const rows = flattenTree(new Map([['', [dir('big')]], ['big', many]]), new Set(['big']))
    expect(rows).toHaveLength(10_001)
    expect(rows[10_000]).toMatchObject({ level: 2, posInSet: 10_000, setSize: 10_000 })
    expect(performance.now() - started).toBeLessThan(500)
  })
})

describe('paths', () => {
  test('a file’s ancestors are the folders to open to reveal it, outermost first', () => {
    expect(ancestorsOf('a/b/c.cs')).toEqual(['a', 'a/b'])
    expect(ancestorsOf('README.md')).toEqual([])
    expect(parentOf('a/b/c.cs')).toBe('a/b')
    expect(parentOf('c.cs')).toBe('')
  })
})

describe('treeKeyAction', () => {
  const rows = flattenTree(listings, new Set(['src']))
  // src, src/api, src/main.ts, tests, README.md

  test('up and down move between visible rows and stop at the ends', () => {
    expect(treeKeyAction(rows, 0, 'ArrowDown')).toEqual({ type: 'focus', index: 1 })
    expect(treeKeyAction(rows, 4, 'ArrowDown')).toBeNull()
    expect(treeKeyAction(rows, 0, 'ArrowUp')).toBeNull()
    expect(treeKeyAction(rows, 2, 'End')).toEqual({ type: 'focus', index: 4 })
    expect(treeKeyAction(rows, 2, 'Home')).toEqual({ type: 'focus', index: 0 })
  })

  test('right opens a closed folder, then moves to its first child', () => {
    expect(treeKeyAction(rows, 1, 'ArrowRight')).toEqual({ type: 'expand', path: 'src/api' })
    expect(treeKeyAction(rows, 0, 'ArrowRight')).toEqual({ type: 'focus', index: 1 })
    expect(treeKeyAction(rows, 2, 'ArrowRight')).toBeNull()
  })

  test('left closes an open folder, or moves to the parent folder', () => {
    expect(treeKeyAction(rows, 0, 'ArrowLeft')).toEqual({ type: 'collapse', path: 'src' })
    expect(treeKeyAction(rows, 2, 'ArrowLeft')).toEqual({ type: 'focus', index: 0 })
    expect(treeKeyAction(rows, 3, 'ArrowLeft')).toBeNull()
  })

  test('Enter opens a file and toggles a folder', () => {
    expect(treeKeyAction(rows, 2, 'Enter')).toEqual({ type: 'open', path: 'src/main.ts' })
    expect(treeKeyAction(rows, 0, 'Enter')).toEqual({ type: 'collapse', path: 'src' })
    expect(treeKeyAction(rows, 3, ' ')).toEqual({ type: 'expand', path: 'tests' })
  })
})
