// The Compose form checked where it is typed, by main's own `generate:sample` schema: the same limits and the same
// words main would answer with, shown by the field before anything is sent.
import { generateSampleSchema } from '@common/ipc/training'

/** Form fields the request schema checks (a length in bars becomes events, which are checked once worked out). */
export type ComposeField = 'seed' | 'count' | 'noiseScale' | 'length'

const fields = generateSampleSchema.pick({ seed: true, count: true, noiseScale: true, length: true })

/** What the form calls each field (the schema's message follows: "Count must be a whole number …"). */
const LABEL: Record<ComposeField, string> = {
  seed: 'Seed',
  count: 'Count',
  noiseScale: 'Noise',
  length: 'Length',
}

/** The problem of each field that the request schema refuses, as a sentence; empty when every field fits. */
export function fieldProblems(values: {
  readonly [K in ComposeField]?: unknown
}): Partial<Record<ComposeField, string>> {
  const parsed = fields.safeParse(values)
  const out: Partial<Record<ComposeField, string>> = {}
  if (parsed.success) return out
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as ComposeField
    out[field] ??= `${LABEL[field]} ${issue.message}.`
  }
  return out
}
