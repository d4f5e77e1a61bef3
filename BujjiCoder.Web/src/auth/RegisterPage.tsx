import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { PageLoader } from '../app/PageLoader.tsx'
import { api, call } from '../api/client.ts'
import { useInfo } from '../api/info.ts'
import { errorMessage } from '../api/problems.ts'
import { AuthCard } from './AuthCard.tsx'

export default function RegisterPage() {
  const info = useInfo()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [form, setForm] = useState({ userName: '', email: '', password: '', invitationCode: params.get('code') ?? '' })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  if (info.isPending) return <AuthCard title="Create an account"><PageLoader /></AuthCard>
  const mode = info.data?.registrationMode
  if (mode === 'closed') {
    return (
      <AuthCard title="Create an account">
        <Text>Registration is closed on this instance. Ask an administrator for an account.</Text>
        <Anchor component={Link} to="/login">Back to sign in</Anchor>
      </AuthCard>
    )
  }

  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [field]: e.currentTarget.value })

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await call(
        api.POST('/api/v1/auth/register', {
          body: {
            userName: form.userName.trim(),
            email: form.email.trim(),
            password: form.password,
            invitationCode: form.invitationCode.trim() || null,
          },
        }),
      )
      navigate('/login?registered=1')
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <AuthCard title="Create an account">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="User name" autoComplete="username" required autoFocus value={form.userName} onChange={set('userName')} />
          <TextInput label="E-mail" type="email" autoComplete="email" required value={form.email} onChange={set('email')} />
          <PasswordInput
            label="Password"
            autoComplete="new-password"
            required
            description="At least 12 characters."
            value={form.password}
            onChange={set('password')}
          />
          {mode === 'invite' && (
            <TextInput
              label="Invitation code"
              required
              description="Registration is by invitation on this instance."
              value={form.invitationCode}
              onChange={set('invitationCode')}
            />
          )}
          {error && (
            <Alert color="red" role="alert" title="Could not create the account">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy}>
            Create account
          </Button>
        </Stack>
      </form>
      <Text size="sm" ta="center">
        Have an account?{' '}
        <Anchor component={Link} to="/login">
          Sign in
        </Anchor>
      </Text>
    </AuthCard>
  )
}
