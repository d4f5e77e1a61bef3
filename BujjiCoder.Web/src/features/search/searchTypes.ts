/** Short names for the generated contract types this screen uses. */
import type { Schemas } from '../../api/types.ts'

/** The modes offered here; the Api also knows "semantic", which answers 400 until an embedding model exists. */
export type SearchMode = 'text' | 'symbol'

export type SearchHit = Schemas['SearchHit']
