// Public surface of the Compose feature (other features import only this file).
export { default as ComposeScreen } from './ComposeScreen.svelte'
export { composeSession, type ComposeCandidate, type ComposeSession } from './ComposeSession.svelte'
