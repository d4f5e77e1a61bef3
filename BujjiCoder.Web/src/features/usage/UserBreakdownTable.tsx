import { Table } from '@mantine/core'
import { formatCount, formatUsd } from '../../components/format.ts'
import type { UserPoint } from './usageData.ts'

export function UserBreakdownTable({ users }: { users: UserPoint[] }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover>
        <Table.Caption>Usage per user in the chosen window, the most expensive first</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">User</Table.Th>
            <Table.Th scope="col" ta="right">
              Requests
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Input tokens
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Output tokens
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Cost
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Cache hits
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.userId}>
              <Table.Th scope="row" fw={500}>
                {user.userName}
              </Table.Th>
              <Table.Td ta="right">{formatCount(user.requests)}</Table.Td>
              <Table.Td ta="right">{formatCount(user.inputTokens)}</Table.Td>
              <Table.Td ta="right">{formatCount(user.outputTokens)}</Table.Td>
              <Table.Td ta="right">{formatUsd(user.costUsd)}</Table.Td>
              <Table.Td ta="right">{formatCount(user.cacheHits)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
