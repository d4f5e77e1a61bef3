import { AppShell, Burger, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconChartBar, IconChevronDown, IconFolders, IconLogout, IconShieldLock, IconUser } from '@tabler/icons-react'
import { Suspense } from 'react'
import { Link, Outlet, useLocation, useNavigate } from 'react-router'
import { isAdmin, useAuth, useMe } from '../auth/AuthContext.ts'
import { ApiUnreachableBanner } from './ApiUnreachableBanner.tsx'
import { ColorSchemeToggle } from './ColorSchemeToggle.tsx'
import { PageLoader } from './PageLoader.tsx'
import { paths } from './paths.ts'

/** The signed-in frame: header with the user menu, the main navigation, and the current screen. */
export function AppLayout() {
  const me = useMe()
  const { signOut } = useAuth()
  const navigate = useNavigate()
  const location = useLocation()
  const [opened, { toggle, close }] = useDisclosure()

  const nav = [
    { to: paths.workspaces(), label: 'Workspaces', icon: IconFolders },
    { to: paths.usage(), label: 'Usage', icon: IconChartBar },
    { to: paths.account(), label: 'Account', icon: IconUser },
    ...(isAdmin(me) ? [{ to: paths.admin(), label: 'Admin', icon: IconShieldLock }] : []),
  ]

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text component={Link} to={paths.workspaces()} fw={700} size="lg" td="none" c="inherit">
              Bujji Coder
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ColorSchemeToggle />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={`Account menu for ${me.userName}`}>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {me.userName}
                    </Text>
                    <IconChevronDown size={14} aria-hidden />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.email}</Menu.Label>
                <Menu.Item leftSection={<IconUser size={14} aria-hidden />} onClick={() => navigate(paths.account())}>
                  Account
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconLogout size={14} aria-hidden />}
                  onClick={async () => {
                    await signOut()
                    navigate('/login')
                  }}
                >
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {nav.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            active={location.pathname.startsWith(item.to)}
            // The light variant's hovered active link is indigo on pale indigo at 4.1:1; filled keeps white on indigo-8.
            variant="filled"
            label={item.label}
            leftSection={<item.icon size={18} aria-hidden />}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <ApiUnreachableBanner />
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  )
}
