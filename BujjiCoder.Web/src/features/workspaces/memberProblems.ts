import { ApiError, errorMessage } from '../../api/problems.ts'

/** What went wrong with a membership change, in the words of someone managing a team. */
export function memberErrorMessage(error: unknown, user?: string): string {
  if (error instanceof ApiError) {
    switch (error.kind) {
      case 'user-not-found':
        return user
          ? `There is no user with the name or e-mail "${user}". Check the spelling, or ask them to create an account first.`
          : 'There is no such user.'
      case 'last-owner':
        return 'A workspace needs at least one owner. Make someone else an Owner first.'
      case 'already-member':
        return user ? `${user} is already a member of this workspace.` : 'That user is already a member.'
    }
    if (error.status === 403) return 'Only owners of this workspace can change its members.'
    if (error.status === 404) return 'That member is no longer in this workspace. The list has been refreshed.'
    // POST members is newer than some servers.
    if (error.status === 405) return 'This server cannot add members yet. Update Bujji Coder, or ask an administrator.'
    if (error.status === 409) return error.problem.detail ?? 'The change clashes with the workspace as it is now.'
  }
  return errorMessage(error)
}
