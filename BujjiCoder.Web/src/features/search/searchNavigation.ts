/** Keyboard movement through the result list: -1 is "none chosen yet" (focus still on the query). */
export function moveSelection(current: number, key: string, count: number): number | null {
  if (count === 0) return null
  switch (key) {
    case 'ArrowDown':
      return current < count - 1 ? current + 1 : current
    case 'ArrowUp':
      return current > 0 ? current - 1 : current === 0 ? -1 : null
    case 'Home':
      return 0
    case 'End':
      return count - 1
    case 'PageDown':
      return Math.min(Math.max(current, 0) + 10, count - 1)
    case 'PageUp':
      return Math.max(current - 10, 0)
  }
  return null
}

/** The words to mark in each preview: what the user typed, minus quotes and operators' punctuation. */
export function highlightTerms(query: string): string[] {
  return query
    .split(/\s+/)
    .map((term) => term.replace(/^["'(]+|["')]+$/g, ''))
    .filter((term) => term.length > 0)
}
