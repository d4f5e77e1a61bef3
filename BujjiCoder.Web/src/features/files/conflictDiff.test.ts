import { describe, expect, test } from 'vitest'
import { unifiedLines } from './conflictDiff.ts'

describe('unifiedLines', () => {
  test('shows the changed lines with three lines of context under a hunk header', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n') + '\n'
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h'].join('\n') + '\n'
    expect(unifiedLines(before, after)).toEqual([
      { kind: 'hunk', text: '@@ -2,7 +2,7 @@' },
      { kind: 'ctx', text: ' b' },
      { kind: 'ctx', text: ' c' },
      { kind: 'ctx', text: ' d' },
      { kind: 'del', text: '-e' },
      { kind: 'add', text: '+E' },
      { kind: 'ctx', text: ' f' },
      { kind: 'ctx', text: ' g' },
      { kind: 'ctx', text: ' h' },
    ])
  })

  test('identical texts have no lines to show', () => {
    expect(unifiedLines('same\n', 'same\n')).toEqual([])
  })
})
