import { Badge, Group, Text } from '@mantine/core'
import { formatCount, formatUsdTo } from '../../components/format.ts'
import type { TurnUsage } from './chatTypes.ts'

function formatCost(usd: number): string {
  // Small models cost fractions of a cent per turn: say "under" rather than round to $0.0000.
  if (usd > 0 && usd < 0.0001) return `< ${formatUsdTo(0.0001, 4)}`
  return formatUsdTo(usd, 4)
}

/** What one turn used: tokens each way and its cost; a cached answer cost nothing. */
export function UsageLine({ usage }: { usage: TurnUsage }) {
  return (
    <Group gap="xs">
      <Text size="xs">
        {formatCount(usage.inputTokens)} tokens in · {formatCount(usage.outputTokens)} out · {formatCost(usage.costUsd)}
      </Text>
      {usage.cached && (
        <Badge size="xs" variant="default" tt="none">
          cached
        </Badge>
      )}
    </Group>
  )
}
