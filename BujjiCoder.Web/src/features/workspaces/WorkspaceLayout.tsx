import { Stack, Tabs, Title } from '@mantine/core'
import { Outlet, useLocation, useNavigate, useParams } from 'react-router'
import { paths } from '../../app/paths.ts'

/** One workspace: its name and the tabs for each thing to do in it. */
export default function WorkspaceLayout() {
  const { ws = '' } = useParams()
  const navigate = useNavigate()
  const location = useLocation()
  const tabs = [
    { value: 'files', label: 'Files', to: paths.files(ws) },
    { value: 'search', label: 'Search', to: paths.search(ws) },
    { value: 'chat', label: 'Chat', to: paths.chat(ws) },
    { value: 'composer', label: 'Composer', to: paths.composer(ws) },
    { value: 'history', label: 'History', to: paths.revisions(ws) },
    { value: 'rules', label: 'Rules', to: paths.rules(ws) },
    { value: 'members', label: 'Members', to: paths.members(ws) },
    { value: 'import', label: 'Import', to: paths.import(ws) },
    { value: 'settings', label: 'Settings', to: paths.settings(ws) },
  ]
  const current = location.pathname.split('/')[3] ?? 'files'
  return (
    <Stack gap="sm">
      <Title order={1} size="h3">
        Workspace
      </Title>
      <Tabs value={current} onChange={(value) => navigate(tabs.find((t) => t.value === value)?.to ?? paths.files(ws))}>
        <Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </Stack>
  )
}
