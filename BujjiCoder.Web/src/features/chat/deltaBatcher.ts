/**
 * Renders streamed text at most once per animation frame, however fast deltas arrive, and leaves the marks the
 * end-to-end tests read: `bujji:delta-received` as each delta is parsed, `bujji:delta-painted` in the frame after
 * React committed it (the browser paints what was committed before running that frame's callbacks).
 */
export interface DeltaBatcher {
  /** A delta was parsed. */
  push(text: string): void
  /** A network chunk was handled: render what it brought, unless a frame is already coming. */
  flush(): void
  /** The stream ended or was stopped: render what is left now. */
  drain(): void
}

/** `render` must commit synchronously (e.g. through flushSync) for the painted mark to mean anything. */
export function createDeltaBatcher(render: (text: string) => void): DeltaBatcher {
  let pending = ''
  let frame: number | null = null

  function paint() {
    const text = pending
    pending = ''
    render(text)
    frame = requestAnimationFrame(() => {
      frame = null
      performance.mark('bujji:delta-painted')
      // Deltas that arrived while this frame was coming.
      if (pending) paint()
    })
  }

  return {
    push(text) {
      performance.mark('bujji:delta-received')
      pending += text
    },
    flush() {
      if (pending && frame === null) paint()
    },
    drain() {
      if (!pending) return
      if (frame === null) {
        paint()
      } else {
        const text = pending
        pending = ''
        render(text)
      }
    },
  }
}
