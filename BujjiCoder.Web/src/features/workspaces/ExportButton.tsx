import { Button } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDownload } from '@tabler/icons-react'
import { useState } from 'react'
import { errorMessage } from '../../api/problems.ts'
import { exportWorkspace } from './exportWorkspace.ts'

export function ExportButton({ ws, name }: { ws: string; name: string }) {
  const [busy, setBusy] = useState(false)

  async function run() {
    setBusy(true)
    try {
      await exportWorkspace(ws, name)
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not export the workspace', message: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} loading={busy} onClick={run}>
      Export as zip
    </Button>
  )
}
