import { notifications } from '@mantine/notifications'
import { useQuery } from '@tanstack/react-query'
import { useCallback, useReducer, useRef, useState } from 'react'
import { errorMessage } from '../../api/problems.ts'
import { readFile } from './fileApi.ts'
import { documentReducer, emptyDocument, isDirty, saveFile } from './documentState.ts'

export const contentKey = (ws: string, path: string) => ['files', ws, 'content', path]

/** Loads the open file once (never refetched behind the user's back) and saves it with If-Match. */
export function useFileDocument(ws: string, path: string) {
  const query = useQuery({
    queryKey: contentKey(ws, path),
    queryFn: ({ signal }) => readFile(ws, path, signal),
    enabled: path !== '',
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  })
  const [state, dispatch] = useReducer(documentReducer, emptyDocument)
  // A newly arrived file replaces the buffer during render, so the editor never shows the previous file's text.
  const [loadedFrom, setLoadedFrom] = useState<unknown>(null)
  if (query.data && loadedFrom !== query.data) {
    setLoadedFrom(query.data)
    dispatch({ type: 'loaded', path, file: query.data })
  }
  const current = useRef(state)
  current.current = state

  const write = useCallback(
    async (etag: string) => {
      const { path: savingPath, text } = current.current
      dispatch({ type: 'saving' })
      try {
        const outcome = await saveFile(ws, savingPath, text, etag)
        if (current.current.path !== savingPath) return
        if (outcome.kind === 'saved') {
          dispatch({ type: 'saved', text, etag: outcome.etag })
          notifications.show({ message: `Saved ${savingPath}`, color: 'teal', autoClose: 2000 })
        } else {
          dispatch({ type: 'conflict', mine: text, theirs: outcome.theirs })
        }
      } catch (error) {
        dispatch({ type: 'failed' })
        notifications.show({ title: `Could not save ${savingPath}`, message: errorMessage(error), color: 'red' })
      }
    },
    [ws],
  )

  const save = useCallback(async () => {
    const s = current.current
    if (s.saving || s.binary || !s.path || !isDirty(s)) return
    await write(s.etag)
  }, [write])

  /** Replaces the server's newer version with the user's, knowing what it holds. */
  const overwrite = useCallback(async () => {
    const conflict = current.current.conflict
    if (conflict) await write(conflict.theirEtag)
  }, [write])

  const loaded = state.path === path && query.data !== undefined
  return {
    state,
    loaded,
    dirty: loaded && isDirty(state),
    loading: query.isPending && path !== '',
    error: query.error,
    edit: useCallback((text: string) => dispatch({ type: 'edited', text }), []),
    save,
    overwrite,
    reloadTheirs: useCallback(() => dispatch({ type: 'reloadTheirs' }), []),
    keepEditing: useCallback(() => dispatch({ type: 'keepEditing' }), []),
  }
}
