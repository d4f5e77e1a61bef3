import '@mantine/charts/styles.css'
import { AreaChart, BarChart } from '@mantine/charts'
import { SimpleGrid } from '@mantine/core'
import { formatCount, formatCountShort, formatUsd } from '../../components/format.ts'
import { ChartFigure, type FigureColumn } from './ChartFigure.tsx'
import type { DayPoint, ModelPoint } from './usageData.ts'

// Mantine palette names resolve to CSS variables, so the same series read well on light and dark backgrounds.
const INPUT = { name: 'inputTokens', label: 'Input tokens', color: 'indigo.6' }
const OUTPUT = { name: 'outputTokens', label: 'Output tokens', color: 'cyan.6' }
const COST = { name: 'costUsd', label: 'Cost (USD)', color: 'teal.6' }
const CACHE = { name: 'cacheHits', label: 'Cache hits', color: 'grape.6' }
const H = 220

const tokenColumns = <T extends DayPoint | ModelPoint>(first: FigureColumn<T>): FigureColumn<T>[] => [
  first,
  { label: 'Input tokens', value: (p) => formatCount(p.inputTokens) },
  { label: 'Output tokens', value: (p) => formatCount(p.outputTokens) },
]

const dayColumn: FigureColumn<DayPoint> = { label: 'Day (UTC)', value: (p) => p.day }
const modelColumn: FigureColumn<ModelPoint> = { label: 'Model', value: (p) => p.model }

export function DailyCharts({ days }: { days: DayPoint[] }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }}>
      <ChartFigure title="Tokens per day" rows={days} columns={tokenColumns(dayColumn)}>
        <BarChart
          h={H}
          data={days}
          dataKey="label"
          type="stacked"
          series={[INPUT, OUTPUT]}
          withLegend
          valueFormatter={formatCountShort}
          accessibilityLayer={false}
        />
      </ChartFigure>
      <ChartFigure
        title="Cost per day"
        rows={days}
        columns={[dayColumn, { label: 'Cost', value: (p) => formatUsd(p.costUsd) }]}
      >
        <AreaChart
          h={H}
          data={days}
          dataKey="label"
          series={[COST]}
          curveType="monotone"
          withLegend
          valueFormatter={formatUsd}
          accessibilityLayer={false}
        />
      </ChartFigure>
      <ChartFigure
        title="Cache hits per day"
        rows={days}
        columns={[
          dayColumn,
          { label: 'Requests', value: (p) => formatCount(p.requests) },
          { label: 'Cache hits', value: (p) => formatCount(p.cacheHits) },
        ]}
      >
        <BarChart h={H} data={days} dataKey="label" series={[CACHE]} withLegend accessibilityLayer={false} />
      </ChartFigure>
    </SimpleGrid>
  )
}

export function ModelCharts({ models }: { models: ModelPoint[] }) {
  // A horizontal bar per model keeps long model ids readable.
  const h = Math.max(120, models.length * 44 + 60)
  const yAxisProps = { width: 160 }
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }}>
      <ChartFigure title="Tokens per model" rows={models} columns={tokenColumns(modelColumn)}>
        <BarChart
          h={h}
          data={models}
          dataKey="model"
          orientation="vertical"
          type="stacked"
          series={[INPUT, OUTPUT]}
          withLegend
          yAxisProps={yAxisProps}
          valueFormatter={formatCountShort}
          accessibilityLayer={false}
        />
      </ChartFigure>
      <ChartFigure
        title="Cost per model"
        rows={models}
        columns={[modelColumn, { label: 'Cost', value: (p) => formatUsd(p.costUsd) }]}
      >
        <BarChart
          h={h}
          data={models}
          dataKey="model"
          orientation="vertical"
          series={[COST]}
          withLegend
          yAxisProps={yAxisProps}
          valueFormatter={formatUsd}
          accessibilityLayer={false}
        />
      </ChartFigure>
      <ChartFigure
        title="Cache hits per model"
        rows={models}
        columns={[
          modelColumn,
          { label: 'Requests', value: (p) => formatCount(p.requests) },
          { label: 'Cache hits', value: (p) => formatCount(p.cacheHits) },
        ]}
      >
        <BarChart
          h={h}
          data={models}
          dataKey="model"
          orientation="vertical"
          series={[CACHE]}
          withLegend
          yAxisProps={yAxisProps}
          accessibilityLayer={false}
        />
      </ChartFigure>
    </SimpleGrid>
  )
}
