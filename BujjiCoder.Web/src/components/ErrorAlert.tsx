import { Alert, type AlertProps } from '@mantine/core'
import { errorMessage } from '../api/problems.ts'

/** A failed load or save, in human terms (problem details, retry times), announced to screen readers. */
export function ErrorAlert({ title, error, ...props }: { title: string; error: unknown } & Omit<AlertProps, 'title' | 'children'>) {
  return (
    <Alert color="red" role="alert" title={title} {...props}>
      {errorMessage(error)}
    </Alert>
  )
}
