/** Short names for the generated schema types of the workspace endpoints. */
import type { Schemas } from '../../api/types.ts'

export type WorkspaceRole = Schemas['WorkspaceRole']
export type Workspace = Schemas['WorkspaceResponse']
export type Member = Schemas['MemberResponse']
export type ImportEntry = Schemas['ImportEntry']
export type ImportSummary = Schemas['ImportSummary']
export type ImportAccepted = Schemas['ImportAccepted']
export type ImportJob = Schemas['ImportJobResponse']
