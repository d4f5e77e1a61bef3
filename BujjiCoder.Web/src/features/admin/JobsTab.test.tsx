import { screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { RequireAuth } from '../../auth/RequireAuth.tsx'
import { jsonResponse, stubApi } from '../../test/http.ts'
import { renderAt, renderRoutes } from '../../test/render.tsx'
import AdminPage from './AdminPage.tsx'
import { JobsTab } from './JobsTab.tsx'

const me = { id: 'admin-1', userName: 'root', email: 'root@example.com', roles: ['Admin'], permissions: ['admin.jobs'] }
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()

const retention = {
  name: 'retention',
  intervalSeconds: 3600,
  lastRun: {
    slot: minutesFromNow(-50),
    startedAt: minutesFromNow(-50),
    finishedAt: minutesFromNow(-49),
    durationMs: 4_230,
    outcome: 'succeeded',
    error: null,
    replica: 'worker-a',
  },
  lastSuccessAt: minutesFromNow(-49),
  nextRunAt: minutesFromNow(10),
  failing: false,
}

const backupJob = {
  name: 'backup',
  intervalSeconds: 86_400,
  lastRun: {
    slot: minutesFromNow(-30),
    startedAt: minutesFromNow(-30),
    finishedAt: minutesFromNow(-28),
    durationMs: 125_000,
    outcome: 'failed',
    error: 'IOException: No space left on device',
    replica: 'worker-b',
  },
  lastSuccessAt: null,
  // Overdue as well: no replica has claimed the slot that started ten minutes ago.
  nextRunAt: minutesFromNow(-10),
  failing: true,
}

const verified = {
  id: 'bujji-20261207T030000Z',
  provider: 'postgresql',
  createdAt: '2026-12-07T03:00:00Z',
  destinations: ['local', 'blob'],
  sizeBytes: 1_572_864,
  encrypted: true,
  tables: 31,
  rows: 120_345,
  durationMs: 8_400,
  verification: 'verified',
  verifiedAt: '2026-12-07T03:00:20Z',
  verifyDurationMs: 11_000,
  verificationError: null,
}

const unrestorable = {
  ...verified,
  id: 'bujji-20261208T030000Z',
  createdAt: '2026-12-08T03:00:00Z',
  destinations: ['local'],
  encrypted: false,
  verification: 'failed',
  verifiedAt: '2026-12-08T03:00:20Z',
  verificationError: 'usage_records: 120 rows restored, 121 in the source',
}

const rowsOf = (region: string) => within(screen.getByRole('region', { name: region })).getAllByRole('row').slice(1)

describe('the Jobs tab', () => {
  test('opens from the admin page and shows each job and backup, newest backup first', async () => {
    stubApi({ 'GET /api/v1/admin/jobs': { jobs: [retention], backups: [{ ...verified, id: 'bujji-new', createdAt: '2026-12-08T03:00:00Z' }, verified] } }, { me })
    renderRoutes([{ element: <RequireAuth />, children: [{ path: 'admin/:tab?', element: <AdminPage /> }] }], '/admin/jobs')

    expect(await screen.findByRole('tab', { name: 'Jobs', selected: true })).toBeInTheDocument()
    await screen.findByRole('region', { name: 'Scheduled jobs' })
    const [job] = rowsOf('Scheduled jobs')
    expect(job).toHaveTextContent('retention')
    expect(job).toHaveTextContent('Every hour')
    expect(job).toHaveTextContent('4.2 s')
    expect(job).toHaveTextContent('Succeeded')
    expect(job).toHaveTextContent('worker-a')
    expect(job).not.toHaveTextContent('Failing')
    expect(job).not.toHaveTextContent('Overdue')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()

    const backups = rowsOf('Backups')
    expect(backups.map((row) => within(row).getByText(/^bujji-/).textContent)).toEqual(['bujji-new', verified.id])
    expect(backups[1]).toHaveTextContent('1.5 MB')
    expect(backups[1]).toHaveTextContent('Encrypted')
    expect(backups[1]).toHaveTextContent('31 tables')
    expect(backups[1]).toHaveTextContent('120,345 rows')
    expect(backups[1]).toHaveTextContent('8.4 s')
    expect(within(backups[1]).getByText('local')).toBeInTheDocument()
    expect(within(backups[1]).getByText('blob')).toBeInTheDocument()
    expect(within(backups[1]).getByText('Verified')).toBeInTheDocument()
    expect(backups[1]).toHaveTextContent('in 11 s')
  })

  test('says which job is failing and why, and that the newest backup did not restore', async () => {
    stubApi({ 'GET /api/v1/admin/jobs': { jobs: [backupJob, retention], backups: [unrestorable, verified] } }, { me })
    renderAt(<JobsTab />, '/admin/jobs')

    const alerts = await screen.findAllByRole('alert')
    expect(alerts[0]).toHaveTextContent('1 job is failing: backup.')
    expect(alerts[1]).toHaveTextContent(`Backup ${unrestorable.id} failed its verifying restore`)

    const [failing, healthy] = rowsOf('Scheduled jobs')
    expect(within(failing).getByText('Failing')).toBeInTheDocument()
    expect(within(failing).getByText('Failed')).toBeInTheDocument()
    expect(failing).toHaveTextContent('IOException: No space left on device')
    expect(failing).toHaveTextContent('2 min 5 s')
    expect(failing).toHaveTextContent('Never')
    expect(within(failing).getByText('Overdue')).toBeInTheDocument()
    expect(healthy).not.toHaveTextContent('Failing')

    const [newest, older] = rowsOf('Backups')
    expect(within(newest).getByText('Verification failed')).toBeInTheDocument()
    expect(newest).toHaveTextContent('usage_records: 120 rows restored, 121 in the source')
    expect(newest).toHaveTextContent('Not encrypted')
    expect(within(older).getByText('Verified')).toBeInTheDocument()
  })

  test('a backup not verified yet is neither verified nor failed', async () => {
    const pending = { ...verified, verification: 'pending', verifiedAt: null, verifyDurationMs: null }
    stubApi({ 'GET /api/v1/admin/jobs': { jobs: [retention], backups: [pending] } }, { me })
    renderAt(<JobsTab />, '/admin/jobs')

    await screen.findByRole('region', { name: 'Backups' })
    const [row] = rowsOf('Backups')
    expect(within(row).getByText('Not verified yet')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  test('with no runs and no backups, says what is missing instead of empty tables', async () => {
    stubApi({ 'GET /api/v1/admin/jobs': { jobs: [], backups: [] } }, { me })
    renderAt(<JobsTab />, '/admin/jobs')

    expect(await screen.findByText('No job has run yet')).toBeInTheDocument()
    expect(screen.getByText('No backups yet')).toBeInTheDocument()
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  test('a refused load shows the problem, not an empty screen', async () => {
    stubApi(
      { 'GET /api/v1/admin/jobs': () => jsonResponse({ status: 403, title: 'Forbidden', detail: 'This needs the admin.jobs permission.' }, 403) },
      { me },
    )
    renderAt(<JobsTab />, '/admin/jobs')

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent("Could not load the Worker's jobs")
    expect(screen.queryByText('No job has run yet')).not.toBeInTheDocument()
  })
})
