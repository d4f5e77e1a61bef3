import { Group, SegmentedControl, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { paths } from '../../app/paths.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatCount } from '../../components/format.ts'
import { isMeaningMode, useSearchModes } from './searchModes.ts'
import { highlightTerms, moveSelection } from './searchNavigation.ts'
import { optionId, SearchResults } from './SearchResults.tsx'
import type { SearchHit, SearchMode } from './searchTypes.ts'
import { SemanticIndexState } from './SemanticIndexState.tsx'
import { SEARCH_LIMIT, useSearch } from './useSearch.ts'
import { useSearchIndex } from './useSearchIndex.ts'

const PLACEHOLDERS: Record<SearchMode, string> = {
  text: 'Words or code to find',
  symbol: 'A class, function or method name',
  semantic: 'What the code does, e.g. where we charge the card',
  hybrid: 'Words, code, or what the code does',
}

const NO_HITS_HINTS: Record<SearchMode, string> = {
  text: 'Try fewer or shorter words, or switch to Symbol to find definitions.',
  symbol: 'Try fewer or shorter words, or switch to Text to find every mention.',
  semantic: 'Files not yet in the semantic index are not searched by meaning; try Hybrid or Text.',
  hybrid: 'Try other words, or describe what the code does.',
}

/** Search the workspace: the query and mode live in the URL, so a search can be linked and survives Back. */
export default function SearchPage() {
  const { ws = '' } = useParams()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const { mode, modes, semanticSearch, ready } = useSearchModes(params.get('mode'))
  const [draft, setDraft] = useState(q)
  const [urlQ, setUrlQ] = useState(q)
  if (urlQ !== q) {
    // Back/forward or a link changed the query: show it, unless it is just what is being typed.
    setUrlQ(q)
    if (q !== draft.trim()) setDraft(q)
  }
  const [active, setActive] = useState(-1)

  const index = useSearchIndex(ws, semanticSearch).data
  // A meaning search finds nothing in files the index has not reached yet: say so rather than "try other words",
  // and ask again as the index grows.
  const waiting = semanticSearch && isMeaningMode(mode) ? (index?.pendingFiles ?? 0) : 0
  // Until /api/v1/info has said which modes exist, the default mode is not known: wait rather than search twice.
  const results = useSearch(ws, q, mode, ready, waiting > 0)
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
        // The mode is written out so a copied link searches the same way; before info answers it is not known yet.
        const chosen = next.mode ?? (ready ? mode : merged.get('mode'))
        if (chosen) merged.set('mode', chosen)
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
      <Group justify="space-between" align="baseline">
        <Title order={2} size="h3">
          Search
        </Title>
        {semanticSearch && <SemanticIndexState index={index} />}
      </Group>
      <form onSubmit={submit} role="search">
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label="Search the workspace"
            placeholder={PLACEHOLDERS[mode]}
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
            data={modes}
            value={mode}
            onChange={(value) => update({ q: draft, mode: value as SearchMode })}
          />
        </Group>
      </form>

      {!q ? (
        <Text c="dimmed" size="sm">
          Type to search the files of this workspace. <b>Text</b> finds lines containing your words; <b>Symbol</b> finds
          where classes, functions and methods are defined.
          {semanticSearch && (
            <>
              {' '}
              <b>Meaning</b> finds code that does what you describe, even in other words; <b>Hybrid</b> combines words and
              meaning.
            </>
          )}{' '}
          Use ↑ and ↓ to move through the results and Enter to open one.
        </Text>
      ) : results.error ? (
        <ErrorAlert title="Search failed" error={results.error} />
      ) : results.isPending ? (
        <Stack gap="xs" aria-label="Searching">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} height={44} />
          ))}
        </Stack>
      ) : hits.length === 0 ? (
        <Text c="dimmed" size="sm">
          No matches for “{q}”.{' '}
          {waiting > 0
            ? `${formatCount(waiting)} ${waiting === 1 ? 'file is' : 'files are'} still waiting for the semantic index; this search is tried again as they are indexed.`
            : NO_HITS_HINTS[mode]}
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {hits.length === SEARCH_LIMIT ? `The first ${SEARCH_LIMIT} matches` : `${hits.length} match${hits.length === 1 ? '' : 'es'}`} for “{q}”
          </Text>
          <SearchResults
            hits={hits}
            terms={mode === 'semantic' ? [] : highlightTerms(q)}
            mode={mode}
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
