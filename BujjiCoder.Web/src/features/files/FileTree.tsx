import { Loader } from '@mantine/core'
import { IconChevronDown, IconChevronRight, IconFile, IconFolder, IconFolderOpen } from '@tabler/icons-react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import classes from './FileTree.module.css'
import { treeKeyAction, type TreeRow } from './treeModel.ts'

export const ROW_HEIGHT = 28
const INDENT = 14

interface FileTreeProps {
  rows: readonly TreeRow[]
  /** The file open in the editor (aria-selected). */
  selectedPath: string
  onOpen(path: string): void
  onToggle(path: string, open: boolean): void
}

/**
 * The workspace's files as a WAI-ARIA tree. Only the rows in view (plus a few) are in the DOM, so 10,000 visible
 * entries scroll as cheaply as 50. One row is the tab stop (roving tabindex); arrows, Home/End, Enter and Space
 * move and act as the tree pattern says.
 */
export function FileTree({ rows, selectedPath, onOpen, onToggle }: FileTreeProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const [activePath, setActivePath] = useState(selectedPath)
  const pendingFocus = useRef<number | null>(null)

  const found = rows.findIndex((row) => row.path === activePath)
  const activeIndex = found >= 0 ? found : 0

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })

  // A file opened from elsewhere (a search hit, a link) is scrolled into view once its folder's rows have arrived.
  const revealed = useRef('')
  const selectedIndex = selectedPath ? rows.findIndex((row) => row.path === selectedPath) : -1
  useEffect(() => {
    if (selectedIndex < 0 || revealed.current === selectedPath) return
    revealed.current = selectedPath
    setActivePath(selectedPath)
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, selectedPath, virtualizer])

  // The row to focus may only be rendered after the scroll it caused, so try again after every render until it is.
  useEffect(() => {
    if (pendingFocus.current === null) return
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"]`)
    if (element) {
      element.focus({ preventScroll: true })
      pendingFocus.current = null
    }
  })

  function focusRow(index: number) {
    setActivePath(rows[index].path)
    pendingFocus.current = index
    virtualizer.scrollToIndex(index, { align: 'auto' })
  }

  function act(index: number, key: string): boolean {
    const action = treeKeyAction(rows, index, key)
    if (!action) return false
    if (action.type === 'focus') focusRow(action.index)
    else if (action.type === 'open') onOpen(action.path)
    else onToggle(action.path, action.type === 'expand')
    return true
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    if (act(activeIndex, event.key)) event.preventDefault()
  }

  // Stable across renders, so rows that stay in view while scrolling are not rendered again.
  const latest = useRef({ onOpen, onToggle })
  latest.current = { onOpen, onToggle }
  const onRowClick = useCallback((row: TreeRow) => {
    setActivePath(row.path)
    if (row.kind === 'dir') latest.current.onToggle(row.path, !row.expanded)
    else latest.current.onOpen(row.path)
  }, [])

  const items = virtualizer.getVirtualItems()
  const activeRendered = items.some((item) => item.index === activeIndex)

  return (
    <div
      ref={scrollRef}
      className={classes.tree}
      role="tree"
      aria-label="Files"
      data-testid="file-tree"
      // When the tab-stop row is scrolled out of the DOM, the tree itself takes Tab and hands focus back to that row.
      tabIndex={activeRendered ? -1 : 0}
      onFocus={(event) => {
        if (event.target === event.currentTarget && rows.length > 0) focusRow(activeIndex)
      }}
      onKeyDown={onKeyDown}
    >
      <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index]
          return (
            <TreeRowView
              key={row.path}
              row={row}
              index={item.index}
              start={item.start}
              tabStop={item.index === activeIndex}
              selected={row.path === selectedPath}
              onClick={onRowClick}
            />
          )
        })}
      </div>
    </div>
  )
}

interface TreeRowViewProps {
  row: TreeRow
  index: number
  /** Offset from the top of the spacer, in pixels. */
  start: number
  tabStop: boolean
  selected: boolean
  onClick(row: TreeRow): void
}

const TreeRowView = memo(function TreeRowView({ row, index, start, tabStop, selected, onClick }: TreeRowViewProps) {
  const isDir = row.kind === 'dir'
  const Chevron = row.expanded ? IconChevronDown : IconChevronRight
  const Icon = isDir ? (row.expanded ? IconFolderOpen : IconFolder) : IconFile
  return (
    <div
      role="treeitem"
      data-index={index}
      data-path={row.path}
      className={classes.row}
      aria-level={row.level}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-expanded={isDir ? row.expanded : undefined}
      aria-selected={selected}
      aria-busy={row.loading || undefined}
      tabIndex={tabStop ? 0 : -1}
      title={row.path}
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)`, paddingLeft: (row.level - 1) * INDENT + 4 }}
      onClick={() => onClick(row)}
    >
      {isDir ? <Chevron size={14} className={classes.icon} aria-hidden /> : <span className={classes.spacer} />}
      <Icon size={16} className={classes.icon} aria-hidden />
      <span className={classes.name}>{row.name}</span>
      {row.loading && <Loader size={12} />}
    </div>
  )
})
