/**
 * CodeMirror 6, loaded only when a file is opened (this module is the lazy chunk). The editor owns the text while
 * the user types; the page hears every change and decides what is saved. A new `docKey` (another file, or the
 * server's version after a conflict) starts a fresh document and undo history.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionSource } from '@codemirror/autocomplete'
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { bracketMatching, foldGutter, foldKeymap, indentOnInput } from '@codemirror/language'
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search'
import { Compartment, EditorState, Prec, StateEffect, StateField, type Extension } from '@codemirror/state'
import {
  crosshairCursor,
  Decoration,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
  type DecorationSet,
} from '@codemirror/view'
import { useEffect, useRef } from 'react'
import { editorTheme } from './editorTheme.ts'
import { languageOf, loadLanguage } from './languages.ts'

export interface LineRange {
  /** 1-based, inclusive. */
  from: number
  to: number
}

export interface CodeEditorProps {
  path: string
  value: string
  /** Changes when the document must be replaced (another file, a reload); typing never changes it. */
  docKey: string
  readOnly: boolean
  dark: boolean
  completion?: CompletionSource
  /** Lines to highlight and scroll to (a search hit, a chat context chip). */
  lines?: LineRange | null
  onChange(text: string): void
  onSave(): void
}

const setLines = StateEffect.define<LineRange | null>()
const linkedLine = Decoration.line({ class: 'cm-linked-line' })

const linesField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    let next = decorations.map(transaction.changes)
    for (const effect of transaction.effects) {
      if (!effect.is(setLines)) continue
      next = Decoration.none
      if (effect.value) {
        const doc = transaction.state.doc
        const from = Math.min(Math.max(effect.value.from, 1), doc.lines)
        const to = Math.min(Math.max(effect.value.to, from), doc.lines)
        const ranges = []
        for (let n = from; n <= to; n++) ranges.push(linkedLine.range(doc.line(n).from))
        next = Decoration.set(ranges)
      }
    }
    return next
  },
  provide: (field) => EditorView.decorations.from(field),
})

function reveal(view: EditorView, lines: LineRange | null | undefined) {
  if (!lines) {
    view.dispatch({ effects: setLines.of(null) })
    return
  }
  const doc = view.state.doc
  const at = doc.line(Math.min(Math.max(lines.from, 1), doc.lines)).from
  view.dispatch({
    effects: [setLines.of(lines), EditorView.scrollIntoView(at, { y: 'center' })],
    selection: { anchor: at },
  })
}

export default function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const shownKey = useRef(props.docKey)
  const latest = useRef(props)
  latest.current = props
  const compartments = useRef({
    language: new Compartment(),
    theme: new Compartment(),
    readOnly: new Compartment(),
    completion: new Compartment(),
  }).current

  function stateFor(doc: string, p: CodeEditorProps): EditorState {
    const extensions: Extension[] = [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      foldGutter(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      linesField,
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              latest.current.onSave()
              return true
            },
          },
        ]),
      ),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, indentWithTab]),
      EditorView.contentAttributes.of({ 'aria-label': `Contents of ${p.path}` }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) latest.current.onChange(update.state.doc.toString())
      }),
      compartments.language.of([]),
      compartments.theme.of(editorTheme(p.dark)),
      compartments.readOnly.of([EditorState.readOnly.of(p.readOnly), EditorView.editable.of(!p.readOnly)]),
      compartments.completion.of(p.completion ? autocompletion({ override: [p.completion], activateOnTyping: true }) : []),
    ]
    return EditorState.create({ doc, extensions })
  }

  // Created once; later prop changes reconfigure it.
  useEffect(() => {
    const created = new EditorView({ state: stateFor(latest.current.value, latest.current), parent: host.current! })
    view.current = created
    return () => {
      created.destroy()
      view.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // A new document: fresh state, its grammar, then the linked lines.
  useEffect(() => {
    const editor = view.current
    if (!editor) return
    const p = latest.current
    if (shownKey.current !== p.docKey) {
      shownKey.current = p.docKey
      editor.setState(stateFor(p.value, p))
    }
    let cancelled = false
    const id = languageOf(p.path)
    if (id) {
      void loadLanguage(id).then((language) => {
        if (!cancelled && view.current === editor) editor.dispatch({ effects: compartments.language.reconfigure(language) })
      })
    }
    reveal(editor, p.lines)
    return () => {
      cancelled = true
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.docKey])

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.theme.reconfigure(editorTheme(props.dark)) })
  }, [props.dark, compartments])

  useEffect(() => {
    view.current?.dispatch({
      effects: compartments.readOnly.reconfigure([EditorState.readOnly.of(props.readOnly), EditorView.editable.of(!props.readOnly)]),
    })
  }, [props.readOnly, compartments])

  useEffect(() => {
    view.current?.dispatch({
      effects: compartments.completion.reconfigure(props.completion ? autocompletion({ override: [props.completion] }) : []),
    })
  }, [props.completion, compartments])

  const from = props.lines?.from
  const to = props.lines?.to
  useEffect(() => {
    if (view.current) reveal(view.current, from === undefined ? null : { from, to: to ?? from })
  }, [from, to])

  return <div ref={host} style={{ height: '100%' }} data-testid="code-editor" />
}
