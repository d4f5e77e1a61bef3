export { DiffFileView, DiffViewer, type DiffLayout, type DiffViewerProps } from './DiffView.tsx'
export { parseDiff, splitRows, type DiffFile, type DiffLine, type ParsedDiff } from './parseDiff.ts'
