/**
 * Which syntax highlighting a file gets, by its name. Every grammar is a dynamic import, so opening a Go file
 * downloads the Go grammar and nothing else.
 */
import type { Extension } from '@codemirror/state'

export type LanguageId =
  | 'csharp' | 'python' | 'typescript' | 'tsx' | 'javascript' | 'jsx' | 'go' | 'java' | 'rust' | 'c' | 'cpp'
  | 'kotlin' | 'php' | 'ruby' | 'swift' | 'json' | 'markdown' | 'yaml' | 'shell' | 'toml' | 'xml' | 'sql'
  | 'dockerfile'

const BY_EXTENSION: Record<string, LanguageId> = {
  cs: 'csharp', csx: 'csharp',
  py: 'python', pyi: 'python', pyw: 'python',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'jsx',
  go: 'go',
  java: 'java',
  rs: 'rust',
  c: 'c', h: 'c',
  cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hh: 'cpp', hpp: 'cpp', hxx: 'cpp',
  kt: 'kotlin', kts: 'kotlin',
  php: 'php',
  rb: 'ruby', rake: 'ruby', gemspec: 'ruby',
  swift: 'swift',
  json: 'json', jsonc: 'json', csproj: 'xml', props: 'xml', targets: 'xml', xml: 'xml', svg: 'xml',
  md: 'markdown', markdown: 'markdown',
  yml: 'yaml', yaml: 'yaml',
  sh: 'shell', bash: 'shell', zsh: 'shell',
  toml: 'toml',
  sql: 'sql',
}

const BY_NAME: Record<string, LanguageId> = {
  dockerfile: 'dockerfile',
  gemfile: 'ruby',
  rakefile: 'ruby',
}

/** The language for a path, or null for plain text. Case-insensitive; the last extension decides. */
export function languageOf(path: string): LanguageId | null {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  if (BY_NAME[name]) return BY_NAME[name]
  const dot = name.lastIndexOf('.')
  if (dot <= 0) return null
  return BY_EXTENSION[name.slice(dot + 1)] ?? null
}

async function legacy(load: Promise<unknown>): Promise<Extension> {
  const [{ StreamLanguage }, parser] = await Promise.all([import('@codemirror/language'), load])
  return StreamLanguage.define(parser as Parameters<typeof StreamLanguage.define>[0])
}

/** The CodeMirror extension that highlights a language. */
export async function loadLanguage(id: LanguageId): Promise<Extension> {
  switch (id) {
    case 'csharp':
      return legacy(import('@codemirror/legacy-modes/mode/clike').then((m) => m.csharp))
    case 'kotlin':
      return legacy(import('@codemirror/legacy-modes/mode/clike').then((m) => m.kotlin))
    case 'swift':
      return legacy(import('@codemirror/legacy-modes/mode/swift').then((m) => m.swift))
    case 'ruby':
      return legacy(import('@codemirror/legacy-modes/mode/ruby').then((m) => m.ruby))
    case 'yaml':
      return legacy(import('@codemirror/legacy-modes/mode/yaml').then((m) => m.yaml))
    case 'shell':
      return legacy(import('@codemirror/legacy-modes/mode/shell').then((m) => m.shell))
    case 'toml':
      return legacy(import('@codemirror/legacy-modes/mode/toml').then((m) => m.toml))
    case 'xml':
      return legacy(import('@codemirror/legacy-modes/mode/xml').then((m) => m.xml))
    case 'sql':
      return legacy(import('@codemirror/legacy-modes/mode/sql').then((m) => m.standardSQL))
    case 'dockerfile':
      return legacy(import('@codemirror/legacy-modes/mode/dockerfile').then((m) => m.dockerFile))
    case 'python':
      return (await import('@codemirror/lang-python')).python()
    case 'typescript':
    case 'tsx':
    case 'javascript':
    case 'jsx':
      return (await import('@codemirror/lang-javascript')).javascript({
        typescript: id === 'typescript' || id === 'tsx',
        jsx: id === 'tsx' || id === 'jsx',
      })
    case 'go':
      return (await import('@codemirror/lang-go')).go()
    case 'java':
      return (await import('@codemirror/lang-java')).java()
    case 'rust':
      return (await import('@codemirror/lang-rust')).rust()
    case 'c':
    case 'cpp':
      return (await import('@codemirror/lang-cpp')).cpp()
    case 'php':
      return (await import('@codemirror/lang-php')).php({ plain: true })
    case 'json':
      return (await import('@codemirror/lang-json')).json()
    case 'markdown':
      return (await import('@codemirror/lang-markdown')).markdown()
  }
}
