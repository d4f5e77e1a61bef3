/**
 * The editor's look, from Mantine's CSS variables so it follows the app's colour scheme without a second palette;
 * only the syntax colours need a light and a dark set (chosen for contrast on Mantine's body colours).
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import type { Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
// @lezer/highlight arrives with @codemirror/language; listing it in package.json is requested in notes/web-requests.md.
import { tags as t } from '@lezer/highlight'

// Every colour keeps 4.5:1 against the body, the active line and a highlighted (linked) line; CodeMirror's
// defaultHighlightStyle does not (#e40 and #999 on white), which axe reports as serious.
const lightHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.modifier, t.controlKeyword, t.operatorKeyword, t.definitionKeyword], color: '#7b1fa2' },
  { tag: [t.string, t.special(t.string), t.regexp, t.character], color: '#a31515' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: '#5f6368', fontStyle: 'italic' },
  { tag: [t.number, t.bool, t.null, t.atom], color: '#0b6e4f' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.macroName, t.definition(t.variableName)], color: '#1a4fb5' },
  { tag: [t.typeName, t.className, t.namespace, t.standard(t.typeName)], color: '#00677a' },
  { tag: [t.propertyName, t.attributeName], color: '#8a3b00' },
  { tag: [t.meta, t.annotation, t.processingInstruction], color: '#5f6368' },
  { tag: t.heading, fontWeight: 'bold', color: '#1a4fb5' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.link, textDecoration: 'underline', color: '#1a4fb5' },
  { tag: t.invalid, color: '#c00000' },
])

const darkHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.modifier, t.controlKeyword, t.operatorKeyword, t.definitionKeyword], color: '#d19cf0' },
  { tag: [t.string, t.special(t.string), t.regexp, t.character], color: '#a5d68a' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: '#a3aab5', fontStyle: 'italic' },
  { tag: [t.number, t.bool, t.null, t.atom], color: '#e5a873' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.macroName, t.definition(t.variableName)], color: '#74b9f5' },
  { tag: [t.typeName, t.className, t.namespace, t.standard(t.typeName)], color: '#ecc67f' },
  { tag: [t.propertyName, t.attributeName], color: '#ef8f97' },
  { tag: [t.operator, t.punctuation, t.separator], color: '#7fc8d2' },
  { tag: [t.meta, t.annotation, t.processingInstruction], color: '#b3b9c4' },
  { tag: t.heading, fontWeight: 'bold', color: '#74b9f5' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.link, textDecoration: 'underline', color: '#74b9f5' },
  { tag: t.invalid, color: '#ff8080' },
])

const base = (dark: boolean) =>
  EditorView.theme(
    {
      '&': {
        height: '100%',
        color: 'var(--mantine-color-text)',
        backgroundColor: 'var(--mantine-color-body)',
        fontSize: 'var(--mantine-font-size-sm)',
      },
      '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)', lineHeight: 1.55 },
      '.cm-gutters': {
        color: 'var(--mantine-color-dimmed)',
        backgroundColor: 'var(--mantine-color-default)',
        borderRight: '1px solid var(--mantine-color-default-border)',
      },
      '.cm-activeLineGutter': { backgroundColor: 'var(--mantine-color-default-hover)' },
      '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--mantine-color-text) 4%, transparent)' },
      '.cm-content': { caretColor: 'var(--mantine-color-text)' },
      '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--mantine-color-text)' },
      '&.cm-focused': { outline: 'none' },
      // Mantine's yellow-light is too strong under syntax colours in dark mode; a thinner mix keeps them readable.
      '.cm-linked-line': { backgroundColor: `color-mix(in srgb, var(--mantine-color-yellow-4) ${dark ? 12 : 25}%, transparent)` },
      '.cm-tooltip': {
        backgroundColor: 'var(--mantine-color-body)',
        border: '1px solid var(--mantine-color-default-border)',
        color: 'var(--mantine-color-text)',
      },
      '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
        backgroundColor: 'var(--mantine-primary-color-filled)',
        color: 'var(--mantine-color-white)',
      },
      '.cm-panels': { backgroundColor: 'var(--mantine-color-default)', color: 'var(--mantine-color-text)' },
    },
    { dark },
  )

export function editorTheme(dark: boolean): Extension {
  return [base(dark), syntaxHighlighting(dark ? darkHighlight : lightHighlight)]
}
