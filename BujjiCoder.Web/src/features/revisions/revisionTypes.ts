/** Short names for the history shapes of the generated schema (src/api/schema.d.ts). */
import type { Schemas } from '../../api/types.ts'

/** `files` holds at most the first 100 files in a list; `fileCount` counts them all. */
export type Revision = Schemas['RevisionResponse']
export type Member = Schemas['MemberResponse']
