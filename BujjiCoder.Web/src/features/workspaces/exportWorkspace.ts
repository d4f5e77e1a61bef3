import { rawFetch } from '../../api/client.ts'

/** A file name from the workspace's name: letters, digits, '-', '_' and '.', as the Api names its own exports. */
export function exportFileName(workspaceName: string): string {
  const safe = workspaceName.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[-.]+|[-.]+$/g, '')
  return `${safe || 'workspace'}.zip`
}

/**
 * Downloads the workspace as a zip. A plain link cannot carry the in-memory access token, so the archive is fetched
 * (with the usual renew-once on 401) and handed to the browser as a blob URL.
 */
export async function exportWorkspace(ws: string, workspaceName: string): Promise<void> {
  const response = await rawFetch(`/api/v1/workspaces/${ws}/export`)
  const blob = await response.blob()
  const url = URL.createObjectURL(blob)
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = exportFileName(workspaceName)
    document.body.append(link)
    link.click()
    link.remove()
  } finally {
    // The click starts the download synchronously; the URL can go once the event loop has moved on.
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }
}
