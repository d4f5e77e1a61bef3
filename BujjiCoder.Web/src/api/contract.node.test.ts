// @vitest-environment node
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'

// openapi.json is the Api's published document (an Api integration test fails when it drifts from the live one);
// this test closes the loop on the client side: the checked-in types are exactly what the document generates.
test('the checked-in client types are what the checked-in OpenAPI document generates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bujji-types-'))
  try {
    const generated = join(dir, 'schema.d.ts')
    execFileSync(process.execPath, ['node_modules/openapi-typescript/bin/cli.js', 'src/api/openapi.json', '-o', generated], {
      stdio: 'pipe',
    })
    const checkedIn = readFileSync('src/api/schema.d.ts', 'utf8')
    expect(checkedIn, 'src/api/schema.d.ts is stale: run `npm run api:types`').toBe(readFileSync(generated, 'utf8'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 30_000)
