// Public surface of the Compose feature (other features import only this file).
export { default as ComposeScreen } from './ComposeScreen.svelte'
export { ComposeSession, type ComposeCandidate } from './ComposeSession.svelte'
