// App settings that outlive a session (settings:get / settings:set): small, versionless JSON validated on every read
// and write. Only what a composer expects the studio to remember goes here (the model last used in Compose).
import { z } from 'zod'
import { checkpointRefSchema } from './training'

/** The model (run + checkpoint) last used in Compose; restored after a restart when the run still exists. */
export const composeModelSchema = z
  .object({ runId: z.string().min(1).max(128), checkpoint: checkpointRefSchema })
  .strict()

/** Everything in the settings file; every key is optional (absent = the built-in default). */
export const appSettingsSchema = z.object({ composeModel: composeModelSchema.optional() }).strict()
export type AppSettings = z.infer<typeof appSettingsSchema>

/** Request of `settings:set`: keys to replace; `null` removes a key. */
export const settingsPatchSchema = z
  .object({ composeModel: composeModelSchema.nullable().optional() })
  .strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>
