import { Badge, Group, Highlight, Stack, Text, UnstyledButton } from '@mantine/core'
import { useEffect, useRef, type KeyboardEvent } from 'react'
import classes from './SearchResults.module.css'
import { isMeaningMode } from './searchModes.ts'
import type { SearchHit, SearchMode } from './searchTypes.ts'

export const optionId = (index: number) => `search-hit-${index}`

interface SearchResultsProps {
  hits: readonly SearchHit[]
  terms: string[]
  mode: SearchMode
  active: number
  onActivate(index: number): void
  onOpen(hit: SearchHit): void
  onKeyDown(event: KeyboardEvent<HTMLElement>): void
}

/** The hits as a listbox: the query box (or the list itself) moves the active option; Enter or a click opens it. */
export function SearchResults({ hits, terms, mode, active, onActivate, onOpen, onKeyDown }: SearchResultsProps) {
  const list = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' })
  }, [active])

  return (
    <Stack
      ref={list}
      gap={4}
      role="listbox"
      id="search-results"
      aria-label="Search results"
      aria-activedescendant={active >= 0 ? optionId(active) : undefined}
      tabIndex={0}
      className={classes.list}
      onKeyDown={onKeyDown}
    >
      {hits.map((hit, index) => (
        <UnstyledButton
          key={`${hit.path}:${hit.line}:${index}`}
          id={optionId(index)}
          role="option"
          aria-selected={index === active}
          tabIndex={-1}
          className={classes.option}
          onMouseEnter={() => onActivate(index)}
          onClick={() => onOpen(hit)}
        >
          <Group gap="xs" wrap="nowrap" mb={2}>
            <Text size="sm" fw={500} truncate="start">
              {hit.path}
            </Text>
            <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
              line {hit.line}
            </Text>
            {hit.kind && (
              <Badge size="xs" variant="light" color="grape" style={{ flex: 'none' }}>
                {hit.kind}
              </Badge>
            )}
            {/* A meaning hit is a chunk whose first line may be a comment or attribute: name the definition it holds. */}
            {isMeaningMode(mode) && hit.symbol && (
              <Text size="xs" ff="monospace" truncate="end" style={{ minWidth: 0 }}>
                {hit.symbol}
              </Text>
            )}
            {/* Cosine similarity reads as "how close"; a hybrid score is a fused rank, which the order already shows. */}
            {mode === 'semantic' && (
              <Text size="xs" c="dimmed" ml="auto" style={{ flex: 'none' }} title={`Cosine similarity ${hit.score}`}>
                {Math.round(hit.score * 100)}% similar
              </Text>
            )}
          </Group>
          <Highlight highlight={terms} ff="monospace" size="sm" className={classes.snippet}>
            {hit.snippet}
          </Highlight>
        </UnstyledButton>
      ))}
    </Stack>
  )
}
