import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createDeltaBatcher } from './deltaBatcher.ts'

describe('createDeltaBatcher', () => {
  let frames: FrameRequestCallback[] = []
  beforeEach(() => {
    frames = []
    performance.clearMarks()
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback))
  })
  afterEach(() => {
    performance.clearMarks()
  })

  function nextFrame() {
    const due = frames
    frames = []
    for (const callback of due) callback(performance.now())
  }

  test('renders a chunk at once, then at most once per frame however many deltas arrive, marking each paint', () => {
    const rendered: string[] = []
    const batcher = createDeltaBatcher((text) => rendered.push(text))

    batcher.push('a')
    batcher.push('b')
    batcher.flush()
    expect(rendered).toEqual(['ab'])

    batcher.push('c')
    batcher.flush()
    batcher.push('d')
    batcher.flush()
    expect(rendered).toEqual(['ab']) // a frame is coming: it takes c and d together

    nextFrame()
    expect(rendered).toEqual(['ab', 'cd'])
    expect(performance.getEntriesByName('bujji:delta-painted')).toHaveLength(1)
    nextFrame()
    expect(performance.getEntriesByName('bujji:delta-painted')).toHaveLength(2)
    expect(performance.getEntriesByName('bujji:delta-received')).toHaveLength(4)
    expect(frames).toHaveLength(0) // nothing left: no frame asked for
  })

  test('drain shows what is left at once, even while a frame is coming', () => {
    const rendered: string[] = []
    const batcher = createDeltaBatcher((text) => rendered.push(text))
    batcher.push('a')
    batcher.flush()
    batcher.push('b')

    batcher.drain()

    expect(rendered).toEqual(['a', 'b'])
  })
})
