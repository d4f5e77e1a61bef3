import type { ApiInfo } from '../api/info.ts'

export function sampleInfo(overrides: Partial<ApiInfo> = {}): ApiInfo {
  return {
    name: 'Bujji Coder',
    version: '1.0.0+abc',
    environment: 'Development',
    mode: 'local',
    database: 'postgresql',
    cache: 'redis',
    registrationMode: 'open',
    providers: ['openai', 'anthropic'],
    features: { registration: true, composer: false },
    ...overrides,
  }
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}
