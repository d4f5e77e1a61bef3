import { Alert, Anchor, Button, Group, Paper, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core'
import { useMemo } from 'react'
import { Link, useSearchParams } from 'react-router'
import { errorMessage } from '../../api/problems.ts'
import { paths } from '../../app/paths.ts'
import { isAdmin, useMe } from '../../auth/AuthContext.ts'
import { BudgetPanel } from './BudgetPanel.tsx'
import { TotalsCards } from './TotalsCards.tsx'
import { DailyCharts, ModelCharts } from './UsageCharts.tsx'
import { UserBreakdownTable } from './UserBreakdownTable.tsx'
import { dailySeries, modelSeries, RANGES, userBreakdown, windowStart, type UsageRange } from './usageData.ts'
import { useUsage, type UsageScope } from './useUsage.ts'

function rangeFrom(value: string | null): UsageRange {
  const days = Number(value)
  return (RANGES as readonly number[]).includes(days) ? (days as UsageRange) : 30
}

export default function UsagePage() {
  const me = useMe()
  const admin = isAdmin(me)
  // Range and view live in the URL, so a reload or a shared link shows the same report.
  const [params, setParams] = useSearchParams()
  const days = rangeFrom(params.get('days'))
  const scope: UsageScope = admin && params.get('view') === 'everyone' ? 'everyone' : 'me'
  const from = useMemo(() => windowStart(days), [days])

  const byDay = useUsage(scope, 'day', from)
  const byModel = useUsage(scope, 'model', from)

  const set = (key: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        next.set(key, value)
        return next
      },
      { replace: true },
    )

  const report = byDay.data
  const dayPoints = useMemo(
    () => (report ? dailySeries(report.rows, new Date(report.from), new Date(report.to)) : []),
    [report],
  )
  const modelPoints = useMemo(() => (byModel.data ? modelSeries(byModel.data.rows) : []), [byModel.data])
  const users = useMemo(
    () => (scope === 'everyone' && report ? userBreakdown(report.rows) : []),
    [scope, report],
  )
  const error = byDay.error ?? byModel.error

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Usage</Title>
          <Text c="dimmed" size="sm">
            {scope === 'everyone' ? 'Model calls of every user' : 'Your model calls'}: tokens, cost and cache hits. Days
            are UTC days.
          </Text>
        </div>
        <Group>
          {admin && (
            <SegmentedControl
              aria-label="Whose usage"
              value={scope}
              onChange={(value) => set('view', value)}
              data={[
                { value: 'me', label: 'Mine' },
                { value: 'everyone', label: 'Everyone' },
              ]}
            />
          )}
          <SegmentedControl
            aria-label="Time range"
            value={String(days)}
            onChange={(value) => set('days', value)}
            data={RANGES.map((range) => ({ value: String(range), label: `Last ${range} days` }))}
          />
        </Group>
      </Group>

      {error && (
        <Alert color="red" title="Could not load usage" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{errorMessage(error)}</Text>
            <Button
              size="xs"
              variant="light"
              color="red"
              onClick={() => {
                void byDay.refetch()
                void byModel.refetch()
              }}
            >
              Try again
            </Button>
          </Stack>
        </Alert>
      )}

      <section aria-labelledby="usage-totals">
        <Title order={2} size="h4" id="usage-totals" mb="sm">
          Totals
        </Title>
        {report ? <TotalsCards totals={report.totals} /> : <Skeleton h={76} />}
      </section>

      {scope === 'me' && (
        <section aria-labelledby="usage-budget">
          <Title order={2} size="h4" id="usage-budget" mb="sm">
            Budget left
          </Title>
          {report?.budget ? <BudgetPanel budget={report.budget} /> : <Skeleton h={120} />}
        </section>
      )}

      {report && report.totals.requests === 0 ? (
        <Paper withBorder p="xl" ta="center">
          <Text fw={600}>No model calls in the last {days} days</Text>
          <Text c="dimmed" size="sm">
            {scope === 'everyone' ? 'Nobody has used' : 'You have not used'} chat, the composer or completion in this
            window. Open a{' '}
            <Anchor component={Link} to={paths.workspaces()} underline="always">
              workspace
            </Anchor>{' '}
            and ask something; the calls show up here.
          </Text>
        </Paper>
      ) : (
        <>
          <section aria-labelledby="usage-per-day">
            <Title order={2} size="h4" id="usage-per-day" mb="sm">
              Per day
            </Title>
            {report ? <DailyCharts days={dayPoints} /> : <Skeleton h={260} />}
          </section>
          <section aria-labelledby="usage-per-model">
            <Title order={2} size="h4" id="usage-per-model" mb="sm">
              Per model
            </Title>
            {byModel.data ? <ModelCharts models={modelPoints} /> : <Skeleton h={200} />}
          </section>
          {scope === 'everyone' && (
            <section aria-labelledby="usage-per-user">
              <Title order={2} size="h4" id="usage-per-user" mb="sm">
                Per user
              </Title>
              {report ? <UserBreakdownTable users={users} /> : <Skeleton h={160} />}
            </section>
          )}
        </>
      )}
    </Stack>
  )
}
