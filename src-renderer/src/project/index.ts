// Public surface of the Project feature: the open project (editor state, save/open/autosave/recovery) and the
// shell component that wires menu commands, the autosave timer and the recovery offer.
export { default as ProjectHost } from './ProjectHost.svelte'
export { ProjectSession, type RecoveryOffer } from './ProjectSession.svelte'
