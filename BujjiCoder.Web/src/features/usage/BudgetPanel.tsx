import { Group, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core'
import { formatCount, formatDateTime, formatUsd } from '../../components/format.ts'
import { budgetMeters, meterColor, type BudgetMeter } from './usageData.ts'
import type { BudgetPeriodReport, BudgetReport } from './usageTypes.ts'

function Meter({ meter, period }: { meter: BudgetMeter; period: string }) {
  const format = meter.kind === 'tokens' ? formatCount : formatUsd
  const name = meter.kind === 'tokens' ? 'Tokens' : 'Cost'
  if (meter.limit === null) {
    return (
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{name}</Text>
        <Text size="sm" c="dimmed">
          {format(meter.used)} used · no limit
        </Text>
      </Group>
    )
  }
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{name}</Text>
        <Text size="sm">
          {format(meter.used)} used · <strong>{format(meter.remaining ?? 0)} left</strong> of {format(meter.limit)}
        </Text>
      </Group>
      <Progress
        value={meter.percent}
        color={meterColor(meter.percent)}
        aria-label={`${name} used ${period}: ${format(meter.used)} of ${format(meter.limit)}`}
      />
    </Stack>
  )
}

function Period({ title, period, adverb }: { title: string; period: BudgetPeriodReport; adverb: string }) {
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>{title}</Text>
          <Text size="xs" c="dimmed">
            Resets {formatDateTime(period.resetsAt)}
          </Text>
        </Group>
        {budgetMeters(period).map((meter) => (
          <Meter key={meter.kind} meter={meter} period={adverb} />
        ))}
      </Stack>
    </Paper>
  )
}

/** What is left of the caller's budget this UTC day and month (cache hits do not count against it). */
export function BudgetPanel({ budget }: { budget: BudgetReport }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Period title="Today" period={budget.daily} adverb="today" />
      <Period title="This month" period={budget.monthly} adverb="this month" />
    </SimpleGrid>
  )
}
