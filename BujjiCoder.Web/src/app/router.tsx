import { lazy } from 'react'
import { createBrowserRouter, Navigate } from 'react-router'
import { RequireAuth } from '../auth/RequireAuth.tsx'
import { AppLayout } from './AppLayout.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'
import { RouteErrorPage } from './RouteErrorPage.tsx'

// Every screen is its own chunk: the sign-in page loads none of the editor, chart or Markdown code.
const LoginPage = lazy(() => import('../auth/LoginPage.tsx'))
const RegisterPage = lazy(() => import('../auth/RegisterPage.tsx'))
const WorkspacesPage = lazy(() => import('../features/workspaces/WorkspacesPage.tsx'))
const WorkspaceLayout = lazy(() => import('../features/workspaces/WorkspaceLayout.tsx'))
const MembersPage = lazy(() => import('../features/workspaces/MembersPage.tsx'))
const ImportPage = lazy(() => import('../features/workspaces/ImportPage.tsx'))
const WorkspaceSettingsPage = lazy(() => import('../features/workspaces/WorkspaceSettingsPage.tsx'))
const FilesPage = lazy(() => import('../features/files/FilesPage.tsx'))
const RulesPage = lazy(() => import('../features/rules/RulesPage.tsx'))
const SearchPage = lazy(() => import('../features/search/SearchPage.tsx'))
const ChatPage = lazy(() => import('../features/chat/ChatPage.tsx'))
const ComposerPage = lazy(() => import('../features/composer/ComposerPage.tsx'))
const RevisionsPage = lazy(() => import('../features/revisions/RevisionsPage.tsx'))
const UsagePage = lazy(() => import('../features/usage/UsagePage.tsx'))
const AccountPage = lazy(() => import('../features/account/AccountPage.tsx'))
const AdminPage = lazy(() => import('../features/admin/AdminPage.tsx'))

export const router = createBrowserRouter([
  {
    // A screen that fails to load or render: our page, not the router's developer one (a new release's chunks among
    // the reasons, see newRelease.ts).
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <Navigate to="/workspaces" replace /> },
              { path: 'workspaces', element: <WorkspacesPage /> },
              {
                path: 'workspaces/:ws',
                element: <WorkspaceLayout />,
                children: [
                  { index: true, element: <Navigate to="files" replace /> },
                  { path: 'files/*', element: <FilesPage /> },
                  { path: 'search', element: <SearchPage /> },
                  { path: 'chat/:conversationId?', element: <ChatPage /> },
                  { path: 'composer', element: <ComposerPage /> },
                  { path: 'history/:revisionId?', element: <RevisionsPage /> },
                  { path: 'rules', element: <RulesPage /> },
                  { path: 'members', element: <MembersPage /> },
                  { path: 'import', element: <ImportPage /> },
                  { path: 'settings', element: <WorkspaceSettingsPage /> },
                ],
              },
              { path: 'usage', element: <UsagePage /> },
              { path: 'account/:tab?', element: <AccountPage /> },
              { path: 'admin/:tab?', element: <AdminPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
])
