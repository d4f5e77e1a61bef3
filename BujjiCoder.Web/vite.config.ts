/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig, type ProxyOptions } from 'vite'

// The Bujji Coder Api. Under .NET Aspire the AppHost injects service discovery
// variables (services__<name>__<endpoint>__<index>); prefer https, then http,
// then the Api's default local URL when the dev server runs standalone.
const apiTarget =
  process.env.services__api__https__0 ||
  process.env.services__api__http__0 ||
  'http://localhost:5080'

const apiProxy: ProxyOptions = {
  target: apiTarget,
  changeOrigin: true,
  // X-Forwarded-For: the Api trusts loopback proxies, so rate limits count each browser's address, not Vite's.
  xfwd: true,
  // The ASP.NET Core development certificate is not in Node's CA store.
  secure: false,
}

// Paths served by the Api rather than by Vite.
const proxy: Record<string, ProxyOptions> = {
  '/api': apiProxy,
  '/health': apiProxy,
  '/openapi': apiProxy,
}

const host = process.env.HOST || '127.0.0.1'

function port(fallback: number): number {
  const value = process.env.PORT
  if (!value) return fallback
  const parsed = Number.parseInt(value, 10)
  if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 65535) {
    throw new Error(`PORT must be a TCP port number, got "${value}"`)
  }
  return parsed
}

// https://vite.dev/config/
export default defineConfig({
  plugins: [react()],
  server: {
    host,
    port: port(5173),
    strictPort: true,
    proxy,
  },
  preview: {
    host,
    port: port(4173),
    strictPort: true,
    proxy,
  },
  build: {
    outDir: 'dist',
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    // The default 5 s is met with room on a quiet machine; CI shares 2 cores with a .NET build and database servers,
    // where a user-event-driven test has been seen to take longer without anything being wrong.
    testTimeout: 20_000,
  },
})
