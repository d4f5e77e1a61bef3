import { Alert, Group, SegmentedControl, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { highlightTerms, moveSelection } from './searchNavigation.ts'
import { optionId, SearchResults } from './SearchResults.tsx'
import type { SearchHit, SearchMode } from './searchTypes.ts'
import { SEARCH_LIMIT, useSearch } from './useSearch.ts'

const MODES = [
  { value: 'text', label: 'Text' },
  { value: 'symbol', label: 'Symbol' },
]

/** Search the workspace: the query and mode live in the URL, so a search can be linked and survives Back. */
export default function SearchPage() {
  const { ws = '' } = useParams()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const mode: SearchMode = params.get('mode') === 'symbol' ? 'symbol' : 'text'
  const [draft, setDraft] = useState(q)
  const [urlQ, setUrlQ] = useState(q)
  if (urlQ !== q) {
    // Back/forward or a link changed the query: show it, unless it is just what is being typed.
    setUrlQ(q)
    if (q !== draft.trim()) setDraft(q)
  }
  const [active, setActive] = useState(-1)

  const results = useSearch(ws, q, mode)
  const hits = q ? (results.data?.hits ?? []) : []
  const [shownFor, setShownFor] = useState(results.data)
  if (shownFor !== results.data) {
    // New results: nothing is chosen until the user moves into them.
    setShownFor(results.data)
    setActive(-1)
  }

  const update = (next: { q?: string; mode?: SearchMode }) =>
    setParams(
      (current) => {
        const merged = new URLSearchParams(current)
        const query = (next.q ?? merged.get('q') ?? '').trim()
        if (query) merged.set('q', query)
        else merged.delete('q')
        merged.set('mode', next.mode ?? mode)
        return merged
      },
      { replace: true },
    )
  const searchSoon = useDebouncedCallback((value: string) => update({ q: value }), 300)

  const openHit = (hit: SearchHit) => navigate(paths.file(ws, hit.path, hit.line))

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const inList = event.currentTarget.getAttribute('role') === 'listbox'
    if (event.key === 'Enter' && active >= 0 && hits[active]) {
      event.preventDefault()
      openHit(hits[active])
      return
    }
    // In the query box Home/End move the caret; only the list uses them for the results.
    if (!inList && (event.key === 'Home' || event.key === 'End')) return
    const next = moveSelection(active, event.key, hits.length)
    if (next !== null) {
      event.preventDefault()
      setActive(next)
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    searchSoon.cancel?.()
    update({ q: draft })
  }

  return (
    <Stack gap="md" maw={1100}>
      <Title order={2} size="h3">
        Search
      </Title>
      <form onSubmit={submit} role="search">
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label="Search the workspace"
            placeholder={mode === 'symbol' ? 'A class, function or method name' : 'Words or code to find'}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={draft}
            onChange={(event) => {
              setDraft(event.currentTarget.value)
              searchSoon(event.currentTarget.value)
            }}
            onKeyDown={onKeyDown}
            role="combobox"
            aria-expanded={hits.length > 0}
            aria-controls="search-results"
            aria-autocomplete="list"
            aria-activedescendant={active >= 0 ? optionId(active) : undefined}
            autoFocus
            autoComplete="off"
            spellCheck={false}
          />
          <SegmentedControl
            aria-label="Search mode"
            data={MODES}
            value={mode}
            onChange={(value) => update({ q: draft, mode: value as SearchMode })}
          />
        </Group>
      </form>

      {!q ? (
        <Text c="dimmed" size="sm">
          Type to search the files of this workspace. <b>Text</b> finds lines containing your words; <b>Symbol</b> finds
          where classes, functions and methods are defined. Use ↑ and ↓ to move through the results and Enter to open one.
        </Text>
      ) : results.error ? (
        <Alert color="red" title="Search failed">
          {errorMessage(results.error)}
        </Alert>
      ) : results.isPending ? (
        <Stack gap="xs" aria-label="Searching">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} height={44} />
          ))}
        </Stack>
      ) : hits.length === 0 ? (
        <Text c="dimmed" size="sm">
          No matches for “{q}”. Try fewer or shorter words
          {mode === 'symbol' ? ', or switch to Text to find every mention.' : ', or switch to Symbol to find definitions.'}
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {hits.length === SEARCH_LIMIT ? `The first ${SEARCH_LIMIT} matches` : `${hits.length} match${hits.length === 1 ? '' : 'es'}`} for “{q}”
          </Text>
          <SearchResults
            hits={hits}
            terms={highlightTerms(q)}
            active={active}
            onActivate={setActive}
            onOpen={openHit}
            onKeyDown={onKeyDown}
          />
        </>
      )}
    </Stack>
  )
}
