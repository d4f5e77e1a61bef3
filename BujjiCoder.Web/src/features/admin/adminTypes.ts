import type { Schemas } from '../../api/types.ts'

export type AdminUser = Schemas['AdminUserResponse']
export type Invitation = Schemas['InvitationResponse']
export type CreatedInvitation = Schemas['CreatedInvitation']
export type ScheduledJob = Schemas['JobResponse']
export type Backup = Schemas['BackupResponse']

/** The roles of BujjiCoder.Api/Auth/Permissions.cs (ByRole). */
export const ROLES = ['Admin', 'User', 'Guest'] as const

/** PATCH /admin/users/{id}: every field optional; a field left out is left as it is. */
export interface UserPatch {
  roles?: string[]
  disabled?: boolean
  /** Replaces the whole override; a null limit falls back to the role default. */
  budget?: BudgetLimits
}

export interface BudgetLimits {
  dailyTokens: number | null
  monthlyTokens: number | null
  dailyCostUsd: number | null
  monthlyCostUsd: number | null
}
