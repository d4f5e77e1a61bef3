import { encodePath } from '../api/client.ts'

/** Where each screen lives, so features link to each other without knowing each other's routes. */
export const paths = {
  workspaces: () => '/workspaces',
  workspace: (ws: string) => `/workspaces/${ws}`,
  /** A file in the editor, optionally scrolled to a line (1-based) or a range of lines. */
  file: (ws: string, path: string, line?: number, endLine?: number) => {
    const url = `/workspaces/${ws}/files/${encodePath(path)}`
    if (line === undefined) return url
    return `${url}?line=${line}${endLine !== undefined ? `&endLine=${endLine}` : ''}`
  },
  files: (ws: string) => `/workspaces/${ws}/files`,
  search: (ws: string, q?: string) => `/workspaces/${ws}/search${q ? `?q=${encodeURIComponent(q)}` : ''}`,
  chat: (ws: string, conversationId?: string) => `/workspaces/${ws}/chat${conversationId ? `/${conversationId}` : ''}`,
  composer: (ws: string) => `/workspaces/${ws}/composer`,
  revisions: (ws: string, revisionId?: string) => `/workspaces/${ws}/history${revisionId ? `/${revisionId}` : ''}`,
  members: (ws: string) => `/workspaces/${ws}/members`,
  settings: (ws: string) => `/workspaces/${ws}/settings`,
  import: (ws: string) => `/workspaces/${ws}/import`,
  rules: (ws: string) => `/workspaces/${ws}/rules`,
  usage: () => '/usage',
  account: (tab?: 'password' | 'tokens' | 'provider-keys' | 'sessions') => `/account${tab ? `/${tab}` : ''}`,
  admin: (tab?: 'users' | 'invitations' | 'audit' | 'jobs' | 'usage') => `/admin${tab ? `/${tab}` : ''}`,
}
