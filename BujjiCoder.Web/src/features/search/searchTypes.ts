/** Short names for the generated contract types this screen uses. */
import type { Schemas } from '../../api/types.ts'

/**
 * The Api's search modes. "semantic" (by meaning, over embeddings) and "hybrid" (words and meaning fused) answer 400
 * semantic-search-unavailable while the server's SemanticSearch flag is off, so they are offered only when
 * /api/v1/info says retrieval.semanticSearch.
 */
export type SearchMode = 'text' | 'symbol' | 'semantic' | 'hybrid'

export type SearchHit = Schemas['SearchHit']

export type SearchIndexState = Schemas['SearchIndexResponse']
