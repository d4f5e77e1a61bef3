/**
 * The audit log's filters, kept in the page URL (so a filtered view can be reloaded or shared) and turned into the
 * query of GET /api/v1/admin/audit: action, actorId and outcome match exactly; from/to are local dates, the `to` day
 * included (the Api's `to` is exclusive, so it gets the next midnight).
 */
export interface AuditFilters {
  action: string
  actorId: string
  outcome: string
  /** yyyy-MM-dd, local. */
  from: string
  to: string
}

export const AUDIT_PAGE_SIZE = 50

/** The actions BujjiCoder.Api/Audit/AuditLog.cs writes (AuditActions). */
export const AUDIT_ACTIONS = [
  'auth.register',
  'auth.login',
  'auth.logout',
  'auth.refresh',
  'auth.change-password',
  'admin.user.update',
  'admin.user.budget',
  'admin.user.revoke-sessions',
  'admin.bootstrap',
  'token.create',
  'token.rotate',
  'token.revoke',
  'invitation.create',
  'invitation.revoke',
  'upload.malware',
]

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied']

const KEYS = ['action', 'actorId', 'outcome', 'from', 'to'] as const

export function filtersFromParams(params: URLSearchParams): AuditFilters {
  const get = (key: string) => params.get(key) ?? ''
  return { action: get('action'), actorId: get('actorId'), outcome: get('outcome'), from: get('from'), to: get('to') }
}

export function pageFromParams(params: URLSearchParams): number {
  const page = Number(params.get('page'))
  return Number.isInteger(page) && page > 0 ? page : 1
}

/** The page URL's parameters; a changed filter starts again at page 1. */
export function paramsFor(filters: AuditFilters, page = 1): URLSearchParams {
  const params = new URLSearchParams()
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key])
  if (page > 1) params.set('page', String(page))
  return params
}

function localMidnight(date: string, plusDays = 0): string | undefined {
  const [year, month, day] = date.split('-').map(Number)
  if (!year || !month || !day) return undefined
  return new Date(year, month - 1, day + plusDays).toISOString()
}

/** The Api's query (names as the OpenAPI document spells them); empty filters are left out. */
export function auditQuery(filters: AuditFilters, page: number, pageSize = AUDIT_PAGE_SIZE) {
  const query: {
    page: number
    pageSize: number
    action?: string
    actorId?: string
    outcome?: string
    from?: string
    to?: string
  } = { page: page, pageSize: pageSize }
  if (filters.action) query.action = filters.action
  if (filters.actorId) query.actorId = filters.actorId
  if (filters.outcome) query.outcome = filters.outcome
  const from = filters.from && localMidnight(filters.from)
  const to = filters.to && localMidnight(filters.to, 1)
  if (from) query.from = from
  if (to) query.to = to
  return query
}
