/** Short names for the generated contract types this screen uses. */
import type { Schemas } from '../../api/types.ts'

/** A file or a directory (`kind` "file" or "dir"); `path` is the full workspace-relative path, not only the name. */
export type TreeEntry = Schemas['TreeEntry']
export type FileWritten = Schemas['FileWritten']
/** A suggestion: a symbol kind (function, class, …), "word", or "llm" for model-written code inserted as it is. */
export type CompletionItem = Schemas['CompletionItem']
