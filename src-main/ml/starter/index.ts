// Public API of the shipped starter model: locate it, check for it, read its manifest, and get a read-only run
// folder that `sample`, `loadRunModel` and the trainer host's `sample` request accept like any trained run.
export {
  STARTER_RUN_NAME,
  defaultStarterCache,
  hasStarterModel,
  loadStarterModel,
  readStarterModel,
  runDirOrStarter,
  setStarterModelDir,
  starterModelDir,
  starterRunDir,
} from './starterModel'
export { readStarterManifest, type StarterData, type StarterManifest } from './starterFormat'
