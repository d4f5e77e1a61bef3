/** Short names for the composer and diff shapes of the generated schema (src/api/schema.d.ts). */
import type { Schemas } from '../../api/types.ts'

/** A proposal: the model's summary, its diff, and what that diff would do to each file right now. */
export type ComposerProposal = Schemas['ComposerResponse']
/** What a diff does to one file; `status` is added, deleted, modified or renamed. */
export type FilePreview = Schemas['FilePreview']
/** A hunk that fits nowhere; `hunk` 0 means the file as a whole (exists though created, missing though changed). */
export type HunkConflict = Schemas['HunkConflict']
/** `revision` is null when the diff changed nothing. */
export type DiffApplied = Schemas['DiffApplied']
