// Public API of the shipped models (common/models/shipped.ts): locate them, check for them, read their manifests,
// and get a read-only run folder that `sample`, `loadRunModel` and the trainer host's `sample` request accept like
// any trained run.
export { hasShippedModel, presentShippedModels, setShippedModelDir, shippedModelDir } from './locate'
export {
  defaultModelName,
  defaultModelNote,
  defaultStarterCache,
  loadStarterModel,
  readStarterModel,
  runDirOrStarter,
  starterRunDir,
} from './starterModel'
export { readStarterManifest, type StarterData, type StarterManifest } from './starterFormat'
