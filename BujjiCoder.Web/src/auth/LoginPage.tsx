import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { Link, Navigate, useSearchParams } from 'react-router'
import { useInfo } from '../api/info.ts'
import { errorMessage } from '../api/problems.ts'
import { AuthCard } from './AuthCard.tsx'
import { useAuth } from './AuthContext.ts'
import { safeNext } from './RequireAuth.tsx'

export default function LoginPage() {
  const { state, signIn } = useAuth()
  const [params] = useSearchParams()
  const info = useInfo()
  const [userNameOrEmail, setUserNameOrEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const next = safeNext(params.get('next'))

  if (state.status === 'signed-in') return <Navigate to={next} replace />

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await signIn(userNameOrEmail.trim(), password)
    } catch (e) {
      setError(errorMessage(e))
      setPassword('')
    } finally {
      setBusy(false)
    }
  }

  const registrationOpen = info.data && info.data.registrationMode !== 'closed'
  return (
    <AuthCard title="Sign in">
      {params.get('expired') && !error && (
        <Alert color="yellow" title="Your session has ended">
          Sign in again to continue where you were.
        </Alert>
      )}
      {params.get('registered') && !error && (
        <Alert color="green" title="Account created">
          Sign in with your new account.
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="User name or e-mail"
            autoComplete="username"
            required
            autoFocus
            value={userNameOrEmail}
            onChange={(e) => setUserNameOrEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" role="alert" title="Could not sign in">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} disabled={!userNameOrEmail.trim() || !password}>
            Sign in
          </Button>
        </Stack>
      </form>
      {registrationOpen && (
        <Text size="sm" ta="center">
          New here?{' '}
          <Anchor component={Link} to="/register">
            Create an account
          </Anchor>
        </Text>
      )}
    </AuthCard>
  )
}
