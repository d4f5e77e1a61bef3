import { Badge, Button, Group, Pagination, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useMemo } from 'react'
import { useSearchParams } from 'react-router'
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AUDIT_PAGE_SIZE,
  filtersFromParams,
  pageFromParams,
  paramsFor,
  type AuditFilters,
} from './auditQuery.ts'
import { EmptyState } from '../../components/EmptyState.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { formatDateTime } from '../../components/format.ts'
import { useAllUsers, useAudit } from './useAdmin.ts'

// Shade 9 keeps white text above 4.5:1 in both colour schemes.
const OUTCOME_COLORS: Record<string, string> = { success: 'teal.9', failure: 'red.9', denied: 'grape.9' }

export function AuditTab() {
  const [params, setParams] = useSearchParams()
  const filters = filtersFromParams(params)
  const page = pageFromParams(params)
  const audit = useAudit(filters, page)
  const users = useAllUsers()
  const names = useMemo(() => new Map(users.data?.items.map((u) => [u.id, u.userName]) ?? []), [users.data])
  const total = Number(audit.data?.total ?? 0)
  const filtered = Object.values(filters).some(Boolean)

  const set = (key: keyof AuditFilters) => (value: string | null) =>
    setParams(paramsFor({ ...filters, [key]: value ?? '' }), { replace: true })
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? id) : '—')

  return (
    <Stack>
      <div>
        <Title order={2} size="h3">
          Audit log
        </Title>
        <Text size="sm" c="dimmed">
          Sign-ins, account and token changes, newest first. Times are in your time zone.
        </Text>
      </div>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Select
            label="Action"
            placeholder="Any action"
            data={AUDIT_ACTIONS}
            value={filters.action || null}
            onChange={set('action')}
            searchable
            clearable
          />
          <Select
            label="Actor"
            placeholder="Anyone"
            data={users.data?.items.map((u) => ({ value: u.id, label: u.userName })) ?? []}
            value={filters.actorId || null}
            onChange={set('actorId')}
            searchable
            clearable
          />
          <Select
            label="Outcome"
            placeholder="Any outcome"
            data={AUDIT_OUTCOMES}
            value={filters.outcome || null}
            onChange={set('outcome')}
            clearable
          />
          <TextInput type="date" label="From" value={filters.from} max={filters.to || undefined} onChange={(e) => set('from')(e.currentTarget.value)} />
          <TextInput type="date" label="To (inclusive)" value={filters.to} min={filters.from || undefined} onChange={(e) => set('to')(e.currentTarget.value)} />
        </SimpleGrid>
        {filtered && (
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" size="xs" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              Clear filters
            </Button>
          </Group>
        )}
      </Paper>
      {audit.error && <ErrorAlert title="Could not load the audit log" error={audit.error} />}
      {audit.isPending && <Skeleton h={300} />}
      {audit.data && audit.data.items.length === 0 && (
        <EmptyState title="No events">
          {filtered ? 'Nothing matches these filters. Widen the dates or clear a filter.' : 'Nothing has been recorded yet.'}
        </EmptyState>
      )}
      {audit.data && audit.data.items.length > 0 && (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {total} event{total === 1 ? '' : 's'}
            {total > AUDIT_PAGE_SIZE && `, page ${page} of ${Math.ceil(total / AUDIT_PAGE_SIZE)}`}
          </Text>
          {/* Scrolls sideways on narrow screens; focusable so the keyboard can scroll it too. */}
          <Table.ScrollContainer
            minWidth={960}
            scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': 'Audit events' } }}
          >
            <Table verticalSpacing="xs" striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Actor</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>IP address</Table.Th>
                  <Table.Th>Detail</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {audit.data.items.map((event) => (
                  <Table.Tr key={event.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.at)}</Table.Td>
                    <Table.Td>{nameOf(event.actorId)}</Table.Td>
                    <Table.Td ff="monospace" fz="sm">
                      {event.action}
                    </Table.Td>
                    <Table.Td maw={220}>
                      <Text size="sm" truncate="end" title={event.target ?? undefined}>
                        {nameOf(event.target)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={OUTCOME_COLORS[event.outcome] ?? 'gray.7'}>
                        {event.outcome}
                      </Badge>
                    </Table.Td>
                    <Table.Td ff="monospace" fz="sm">
                      {event.ip ?? '—'}
                    </Table.Td>
                    <Table.Td maw={260}>
                      <Text size="sm" truncate="end" title={event.detail ?? undefined}>
                        {event.detail ?? ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {total > AUDIT_PAGE_SIZE && (
            <Pagination
              total={Math.ceil(total / AUDIT_PAGE_SIZE)}
              value={page}
              onChange={(next) => setParams(paramsFor(filters, next))}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            />
          )}
        </>
      )}
    </Stack>
  )
}
