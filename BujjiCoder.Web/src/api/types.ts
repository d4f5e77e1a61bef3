/** Short names for the generated schema types the screens use most. */
import type { components } from './schema'

export type Schemas = components['schemas']
export type Me = Schemas['MeResponse']
