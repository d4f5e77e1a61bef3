import { Paper, SimpleGrid, Text } from '@mantine/core'
import { formatCount, formatUsd } from '../../components/format.ts'
import type { UsageTotals } from './usageTypes.ts'

export function TotalsCards({ totals }: { totals: UsageTotals }) {
  const cards = [
    { label: 'Requests', value: formatCount(totals.requests) },
    { label: 'Input tokens', value: formatCount(totals.inputTokens) },
    { label: 'Output tokens', value: formatCount(totals.outputTokens) },
    { label: 'Cost', value: formatUsd(totals.costUsd) },
    { label: 'Cache hits', value: formatCount(totals.cacheHits) },
  ]
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
      {cards.map((card) => (
        <Paper key={card.label} withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {card.label}
          </Text>
          <Text size="xl" fw={700}>
            {card.value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  )
}
