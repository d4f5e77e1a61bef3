import { Stack, Tabs, Title } from '@mantine/core'
import { IconKey, IconLock, IconPlugConnected, IconUserCircle } from '@tabler/icons-react'
import { Navigate, useNavigate, useParams } from 'react-router'
import { paths } from '../../app/paths.ts'
import { isAdmin, useMe } from '../../auth/AuthContext.ts'
import { ProfileTab } from './ProfileTab.tsx'
import { ProviderKeysTab } from './ProviderKeysTab.tsx'
import { SessionsTab } from './SessionsTab.tsx'
import { TokensTab } from './TokensTab.tsx'

const TABS = ['password', 'tokens', 'provider-keys', 'sessions'] as const
type Tab = (typeof TABS)[number]

export default function AccountPage() {
  const me = useMe()
  const navigate = useNavigate()
  const { tab } = useParams()
  if (tab !== undefined && !(TABS as readonly string[]).includes(tab)) return <Navigate to={paths.account()} replace />
  const current: Tab = (tab as Tab | undefined) ?? 'password'

  return (
    <Stack>
      <Title order={1}>Account</Title>
      <Tabs
        value={current}
        onChange={(value) => value && navigate(paths.account(value === 'password' ? undefined : (value as Tab)))}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="password" leftSection={<IconUserCircle size={16} aria-hidden />}>
            Profile and password
          </Tabs.Tab>
          <Tabs.Tab value="tokens" leftSection={<IconKey size={16} aria-hidden />}>
            Access tokens
          </Tabs.Tab>
          <Tabs.Tab value="provider-keys" leftSection={<IconPlugConnected size={16} aria-hidden />}>
            Provider keys
          </Tabs.Tab>
          <Tabs.Tab value="sessions" leftSection={<IconLock size={16} aria-hidden />}>
            Sessions
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="password">
          <ProfileTab />
        </Tabs.Panel>
        <Tabs.Panel value="tokens">
          <TokensTab admin={isAdmin(me)} />
        </Tabs.Panel>
        <Tabs.Panel value="provider-keys">
          <ProviderKeysTab />
        </Tabs.Panel>
        <Tabs.Panel value="sessions">
          <SessionsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
