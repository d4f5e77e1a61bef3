import { Paper, SimpleGrid, Text } from '@mantine/core'
import { formatTokens, formatUsd } from './usageData.ts'
import type { UsageTotals } from './usageTypes.ts'

export function TotalsCards({ totals }: { totals: UsageTotals }) {
  const cards = [
    { label: 'Requests', value: formatTokens(totals.requests) },
    { label: 'Input tokens', value: formatTokens(totals.inputTokens) },
    { label: 'Output tokens', value: formatTokens(totals.outputTokens) },
    { label: 'Cost', value: formatUsd(totals.costUsd) },
    { label: 'Cache hits', value: formatTokens(totals.cacheHits) },
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
