/**
 * The open file as the editor sees it: the version it started from (base + ETag), what the user has typed, and,
 * after a refused save, the server's newer version. Kept as a reducer so the save and conflict paths are plain
 * functions the tests can drive.
 */
import { isConflict, readFile, writeFile, type LoadedFile } from './fileApi.ts'

export interface Conflict {
  /** What the user had when the save was refused. */
  mine: string
  theirs: string
  theirEtag: string
}

export interface DocumentState {
  path: string
  /** The server's text this editing session started from (or last saved). */
  base: string
  etag: string
  text: string
  binary: boolean
  /** Bumped whenever the editor must show a new document instead of the user's buffer. */
  generation: number
  saving: boolean
  conflict: Conflict | null
}

export type DocumentAction =
  | { type: 'loaded'; path: string; file: LoadedFile }
  | { type: 'edited'; text: string }
  | { type: 'saving' }
  | { type: 'saved'; text: string; etag: string }
  | { type: 'failed' }
  | { type: 'conflict'; mine: string; theirs: LoadedFile }
  | { type: 'reloadTheirs' }
  | { type: 'keepEditing' }

export const emptyDocument: DocumentState = {
  path: '',
  base: '',
  etag: '',
  text: '',
  binary: false,
  generation: 0,
  saving: false,
  conflict: null,
}

export function documentReducer(state: DocumentState, action: DocumentAction): DocumentState {
  switch (action.type) {
    case 'loaded':
      return {
        ...emptyDocument,
        path: action.path,
        base: action.file.text,
        text: action.file.text,
        etag: action.file.etag,
        binary: action.file.binary,
        generation: state.generation + 1,
      }
    case 'edited':
      return { ...state, text: action.text }
    case 'saving':
      return { ...state, saving: true }
    case 'saved':
      // What was sent becomes the base; anything typed while the request was out stays dirty.
      return { ...state, saving: false, base: action.text, etag: action.etag, conflict: null }
    case 'failed':
      return { ...state, saving: false }
    case 'conflict':
      return {
        ...state,
        saving: false,
        conflict: { mine: action.mine, theirs: action.theirs.text, theirEtag: action.theirs.etag },
      }
    case 'reloadTheirs':
      if (!state.conflict) return state
      return {
        ...state,
        base: state.conflict.theirs,
        text: state.conflict.theirs,
        etag: state.conflict.theirEtag,
        generation: state.generation + 1,
        conflict: null,
      }
    case 'keepEditing':
      return { ...state, conflict: null }
  }
}

export function isDirty(state: DocumentState): boolean {
  return state.text !== state.base
}

export type SaveOutcome = { kind: 'saved'; etag: string } | { kind: 'conflict'; theirs: LoadedFile }

/**
 * Writes <paramref name="text"/> if the file is still at <paramref name="etag"/>. When someone saved first (412),
 * fetches their version so the user can see what changed before choosing; other failures throw.
 */
export async function saveFile(ws: string, path: string, text: string, etag: string): Promise<SaveOutcome> {
  try {
    return { kind: 'saved', etag: await writeFile(ws, path, text, etag) }
  } catch (error) {
    if (!isConflict(error)) throw error
    return { kind: 'conflict', theirs: await readFile(ws, path) }
  }
}
