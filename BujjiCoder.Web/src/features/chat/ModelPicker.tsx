import { Select } from '@mantine/core'
import type { Model } from './chatTypes.ts'

export interface ModelPickerProps {
  models: Model[]
  value?: string
  onChange: (id: string) => void
  disabled?: boolean
  size?: 'xs' | 'sm'
}

export function ModelPicker({ models, value, onChange, disabled, size = 'xs' }: ModelPickerProps) {
  return (
    <Select
      label="Model"
      size={size}
      w={260}
      data={models.map((m) => ({ value: m.id, label: `${m.id} (${m.provider})` }))}
      value={value ?? null}
      onChange={(id) => id && onChange(id)}
      allowDeselect={false}
      disabled={disabled || models.length === 0}
      placeholder={models.length === 0 ? 'No models available' : 'Pick a model'}
      comboboxProps={{ withinPortal: true }}
    />
  )
}
