import { Alert, Badge, Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { errorMessage } from '../../api/problems.ts'
import { useAuth, useMe } from '../../auth/AuthContext.ts'
import { passwordErrors } from './passwordErrors.ts'
import { useChangePassword } from './useAccount.ts'

// Identity's RequiredLength in BujjiCoder.Api (NIST rules: length over composition).
const MIN_LENGTH = 12

function ChangePasswordForm() {
  const me = useMe()
  const { signIn } = useAuth()
  const change = useChangePassword()
  const [form, setForm] = useState({ current: '', next: '', confirm: '' })
  const [done, setDone] = useState<'renewed' | 'signed-out' | null>(null)
  const [renewError, setRenewError] = useState<string | null>(null)
  const errors = change.error ? passwordErrors(change.error) : {}
  const mismatch = form.confirm !== '' && form.confirm !== form.next
  const tooShort = form.next !== '' && form.next.length < MIN_LENGTH
  const same = form.next !== '' && form.next === form.current
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setDone(null)
    setForm({ ...form, [field]: e.currentTarget.value })
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!form.current || !form.next || mismatch || tooShort || same || form.confirm !== form.next) return
    change.mutate(
      { currentPassword: form.current, newPassword: form.next },
      {
        onSuccess: async () => {
          // The Api ends every session, this one included; signing in again with the new password keeps the user here.
          const password = form.next
          setForm({ current: '', next: '', confirm: '' })
          try {
            await signIn(me.userName, password)
            setDone('renewed')
          } catch (e) {
            setRenewError(errorMessage(e))
            setDone('signed-out')
          }
        },
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          Changing your password signs you out everywhere else: other browsers and devices must sign in again with the
          new one. Personal access tokens keep working.
        </Text>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={form.current}
          onChange={set('current')}
          error={errors.current}
        />
        <PasswordInput
          label="New password"
          description={`At least ${MIN_LENGTH} characters; a passphrase of a few unrelated words is easy to remember`}
          autoComplete="new-password"
          required
          value={form.next}
          onChange={set('next')}
          error={
            errors.next ??
            (tooShort ? `Use at least ${MIN_LENGTH} characters.` : same ? 'Choose a password different from the current one.' : undefined)
          }
        />
        <PasswordInput
          label="Confirm new password"
          autoComplete="new-password"
          required
          value={form.confirm}
          onChange={set('confirm')}
          error={mismatch ? 'This does not match the new password.' : undefined}
        />
        {errors.form && (
          <Alert color="red" role="alert" title="Could not change the password">
            {errors.form}
          </Alert>
        )}
        {done === 'renewed' && (
          <Alert color="teal" role="status" title="Password changed">
            Every other session was signed out; this one continues with your new password.
          </Alert>
        )}
        {done === 'signed-out' && (
          <Alert color="orange" role="status" title="Password changed">
            Your password was changed, but signing in again here failed: {renewError} Sign in with the new password.
          </Alert>
        )}
        <Group>
          <Button
            type="submit"
            loading={change.isPending}
            disabled={!form.current || !form.next || form.confirm !== form.next || tooShort || same}
          >
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

export function ProfileTab() {
  const me = useMe()
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
      <Paper withBorder p="lg">
        <Title order={2} size="h3" mb="md">
          Profile
        </Title>
        <Stack gap="sm">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              User name
            </Text>
            <Text>{me.userName}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              E-mail
            </Text>
            <Text>{me.email}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              Roles
            </Text>
            <Group gap={4} mt={4}>
              {me.roles.map((role) => (
                <Badge key={role} variant="light">
                  {role}
                </Badge>
              ))}
            </Group>
          </div>
        </Stack>
      </Paper>
      <Paper withBorder p="lg">
        <Title order={2} size="h3" mb="md">
          Change password
        </Title>
        <ChangePasswordForm />
      </Paper>
    </SimpleGrid>
  )
}
