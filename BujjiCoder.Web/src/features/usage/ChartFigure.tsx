import { Paper, Text, VisuallyHidden } from '@mantine/core'
import { useId, type ReactNode } from 'react'

export interface FigureColumn<T> {
  label: string
  value: (row: T) => string
}

interface Props<T> {
  title: string
  /** The chart itself; hidden from assistive technology, which reads the table instead. */
  children: ReactNode
  rows: T[]
  columns: FigureColumn<T>[]
}

/**
 * A chart with its figures: an SVG chart says nothing to a screen reader, so the same numbers go into a visually
 * hidden table named after the chart.
 */
export function ChartFigure<T>({ title, children, rows, columns }: Props<T>) {
  const id = useId()
  return (
    <Paper withBorder p="md" component="figure" m={0} aria-labelledby={id}>
      <Text id={id} component="figcaption" fw={600} mb="sm">
        {title}
      </Text>
      <div aria-hidden>{children}</div>
      <VisuallyHidden>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.label} scope="col">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {columns.map((column) => (
                  <td key={column.label}>{column.value(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Paper>
  )
}
