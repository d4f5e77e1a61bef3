import { useEffect, useState } from 'react'
import { fetchInfo, type ApiInfo } from './api/info.ts'
import { InfoPanel } from './components/InfoPanel.tsx'

type InfoState =
  | { status: 'loading' }
  | { status: 'ready'; info: ApiInfo }
  | { status: 'error'; message: string }

function App() {
  const [state, setState] = useState<InfoState>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    fetchInfo(controller.signal).then(
      (info) => setState({ status: 'ready', info }),
      (error: unknown) => {
        if (controller.signal.aborted) return
        const message =
          error instanceof Error ? error.message : 'Could not reach the Bujji Coder API'
        setState({ status: 'error', message })
      },
    )
    return () => controller.abort()
  }, [attempt])

  function retry() {
    setState({ status: 'loading' })
    setAttempt((n) => n + 1)
  }

  return (
    <div className="app">
      <header className="app-header">
        <h1>Bujji Coder</h1>
        <p className="tagline">Self-hosted AI coding assistant</p>
      </header>

      <main>
        {state.status === 'loading' && (
          <p className="status" role="status">
            Loading…
          </p>
        )}

        {state.status === 'error' && (
          <div className="error" role="alert">
            <p>{state.message}</p>
            <button type="button" onClick={retry}>
              Try again
            </button>
          </div>
        )}

        {state.status === 'ready' && <InfoPanel info={state.info} />}
      </main>
    </div>
  )
}

export default App
