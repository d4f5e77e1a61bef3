import { describe, expect, test } from 'vitest'
import { highlightTerms, moveSelection } from './searchNavigation.ts'

describe('moveSelection', () => {
  test('down from the query box chooses the first result, then walks the list and stops at the last', () => {
    expect(moveSelection(-1, 'ArrowDown', 3)).toBe(0)
    expect(moveSelection(0, 'ArrowDown', 3)).toBe(1)
    expect(moveSelection(2, 'ArrowDown', 3)).toBe(2)
  })

  test('up walks back and, from the first result, returns to the query box', () => {
    expect(moveSelection(2, 'ArrowUp', 3)).toBe(1)
    expect(moveSelection(0, 'ArrowUp', 3)).toBe(-1)
    expect(moveSelection(-1, 'ArrowUp', 3)).toBeNull()
  })

  test('page keys jump ten results, Home and End to the ends', () => {
    expect(moveSelection(-1, 'PageDown', 50)).toBe(10)
    expect(moveSelection(45, 'PageDown', 50)).toBe(49)
    expect(moveSelection(5, 'PageUp', 50)).toBe(0)
    expect(moveSelection(7, 'Home', 50)).toBe(0)
    expect(moveSelection(7, 'End', 50)).toBe(49)
  })

  test('with no results, or another key, nothing moves', () => {
    expect(moveSelection(-1, 'ArrowDown', 0)).toBeNull()
    expect(moveSelection(1, 'a', 3)).toBeNull()
  })
})

describe('highlightTerms', () => {
  test('marks each word of the query without its quotes', () => {
    expect(highlightTerms('  "hello world"  greet ')).toEqual(['hello', 'world', 'greet'])
  })
})
