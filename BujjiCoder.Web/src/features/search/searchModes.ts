import { useInfo } from '../../api/info.ts'
import type { SearchMode } from './searchTypes.ts'

const WORD_MODES = [
  { value: 'text', label: 'Text' },
  { value: 'symbol', label: 'Symbol' },
] as const
const MEANING_MODES = [
  { value: 'semantic', label: 'Meaning' },
  { value: 'hybrid', label: 'Hybrid' },
] as const

/**
 * The mode a search runs in: the URL's when this server offers it, otherwise the best one it has (hybrid, which finds
 * both the words and the meaning, when semantic search is on; text when not). A shared link to a meaning search still
 * works on a server without it, as a text search.
 */
export function resolveMode(requested: string | null, semanticSearch: boolean): SearchMode {
  switch (requested) {
    case 'text':
    case 'symbol':
      return requested
    case 'semantic':
    case 'hybrid':
      if (semanticSearch) return requested
  }
  return semanticSearch ? 'hybrid' : 'text'
}

/** Whether a mode matches by meaning, so its scores are similarities (semantic) or fused ranks (hybrid), not word counts. */
export const isMeaningMode = (mode: SearchMode) => mode === 'semantic' || mode === 'hybrid'

/**
 * The modes this server offers, from /api/v1/info. `ready` is false until info has answered, since the default mode
 * depends on it; if info fails, the word modes still work.
 */
export function useSearchModes(requested: string | null) {
  const info = useInfo()
  const semanticSearch = info.data?.retrieval?.semanticSearch ?? false
  return {
    semanticSearch,
    modes: semanticSearch ? [...WORD_MODES, ...MEANING_MODES] : [...WORD_MODES],
    mode: resolveMode(requested, semanticSearch),
    ready: !info.isPending,
  }
}
