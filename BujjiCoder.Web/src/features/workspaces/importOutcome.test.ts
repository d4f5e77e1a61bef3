import { describe, expect, test } from 'vitest'
import { countSkipped, describeImportProblem, describeJobProblem, skipCategory } from './importOutcome.ts'

describe('import outcome', () => {
  test('skip reasons from the Api are grouped by why', () => {
    expect(skipCategory('ignored by .gitignore')).toBe('gitignore')
    expect(skipCategory('ignored by src/.gitignore')).toBe('gitignore')
    expect(skipCategory("'node_modules' is never imported")).toBe('excluded')
    expect(skipCategory('symbolic link inside node_modules/')).toBe('excluded')
    expect(skipCategory('duplicate')).toBe('duplicate')
    expect(skipCategory('empty name')).toBe('other')
  })

  test('counts come out in a fixed order, only for reasons present', () => {
    const counts = countSkipped([
      { path: 'a', reason: 'duplicate' },
      { path: 'b', reason: "'bin' is never imported" },
      { path: 'c', reason: "'obj' is never imported" },
      { path: 'd', reason: 'ignored by .gitignore' },
    ])
    expect(counts).toEqual([
      { category: 'gitignore', count: 1 },
      { category: 'excluded', count: 2 },
      { category: 'duplicate', count: 1 },
    ])
  })

  test('an unsafe archive keeps the Api’s explanation and lists the refused entries', () => {
    const failure = describeImportProblem({
      type: 'https://bujjicoder.dev/problems/unsafe-archive',
      title: 'The archive has unsafe entries',
      status: 400,
      detail: 'The archive has 1 unsafe entry. Nothing was imported.',
      rejected: [{ path: '../etc/passwd', reason: 'unsafe path: goes above the root' }],
    })
    expect(failure.title).toBe('The archive has unsafe entries')
    expect(failure.message).toContain('Nothing was imported')
    expect(failure.rejected).toEqual([{ path: '../etc/passwd', reason: 'unsafe path: goes above the root' }])
  })

  test('malware is named as such, with the signature the scanner found', () => {
    const failure = describeImportProblem({
      type: 'https://bujjicoder.dev/problems/malware-detected',
      status: 422,
      detail: "The virus scanner found 'Eicar-Test-Signature' in the upload; nothing was written.",
      signature: 'Eicar-Test-Signature',
    })
    expect(failure.title).toBe('Malware found in the archive')
    expect(failure.message).toContain('Eicar-Test-Signature')
  })

  test('a scanner that is down says when to try again, from Retry-After', () => {
    const failure = describeImportProblem({
      type: 'https://bujjicoder.dev/problems/scanner-unavailable',
      status: 503,
      detail: 'Uploads are scanned for malware and the scanner cannot be reached right now; nothing was written. Try again later.',
      retryAfterSeconds: 30,
    })
    expect(failure.message).toMatch(/nothing was written\. Try again in 30 seconds\.$/)
  })

  test('a Viewer’s 403 is explained by the role', () => {
    expect(describeImportProblem({ status: 403 }).message).toMatch(/Viewers cannot import/)
  })
})

test('a failed job’s problem, whose absent fields arrive as null, is told like a refused upload', () => {
  const failure = describeJobProblem({
    type: 'https://bujjicoder.dev/problems/import-interrupted',
    title: 'The import was interrupted',
    status: 503,
    detail: 'The server running the import went away. Nothing was imported; upload it again.',
    instance: null,
  })
  expect(failure.title).toBe('The import was interrupted')
  expect(failure.message).toBe('The server running the import went away. Nothing was imported; upload it again.')
})
