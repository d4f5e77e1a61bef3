import { Badge, Group, Text } from '@mantine/core'
import type { TurnUsage } from './chatTypes.ts'

const tokens = new Intl.NumberFormat()
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 })

export function formatCost(usd: number): string {
  // Small models cost fractions of a cent per turn: say "under" rather than round to $0.0000.
  if (usd > 0 && usd < 0.0001) return `< ${dollars.format(0.0001)}`
  return dollars.format(usd)
}

/** What one turn used: tokens each way and its cost; a cached answer cost nothing. */
export function UsageLine({ usage }: { usage: TurnUsage }) {
  return (
    <Group gap="xs">
      <Text size="xs">
        {tokens.format(usage.inputTokens)} tokens in · {tokens.format(usage.outputTokens)} out · {formatCost(usage.costUsd)}
      </Text>
      {usage.cached && (
        <Badge size="xs" variant="default" tt="none">
          cached
        </Badge>
      )}
    </Group>
  )
}
