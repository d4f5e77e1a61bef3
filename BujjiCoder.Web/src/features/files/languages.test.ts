import { describe, expect, test } from 'vitest'
import { languageOf, loadLanguage } from './languages.ts'

describe('languageOf', () => {
  test.each([
    ['src/Program.cs', 'csharp'],
    ['tool.py', 'python'],
    ['web/app.ts', 'typescript'],
    ['web/App.tsx', 'tsx'],
    ['index.mjs', 'javascript'],
    ['cmd/main.go', 'go'],
    ['Main.java', 'java'],
    ['lib.rs', 'rust'],
    ['vec.h', 'c'],
    ['vec.hpp', 'cpp'],
    ['Build.kts', 'kotlin'],
    ['index.php', 'php'],
    ['Gemfile', 'ruby'],
    ['View.swift', 'swift'],
    ['package.json', 'json'],
    ['README.MD', 'markdown'],
    ['deploy/Dockerfile', 'dockerfile'],
  ])('%s is highlighted as %s', (path, language) => {
    expect(languageOf(path)).toBe(language)
  })

  test('files without a known extension, and dotfiles, are plain text', () => {
    expect(languageOf('LICENSE')).toBeNull()
    expect(languageOf('notes.unknown')).toBeNull()
    expect(languageOf('.gitignore')).toBeNull()
  })

  test('the last extension decides', () => {
    expect(languageOf('archive.d.ts')).toBe('typescript')
    expect(languageOf('data.json.py')).toBe('python')
  })

  test('each language loads a grammar, including the legacy stream modes', async () => {
    for (const id of ['csharp', 'kotlin', 'go', 'markdown'] as const) {
      expect(await loadLanguage(id)).toBeTruthy()
    }
  })
})
