// Public surface of the Train feature (other features import only this file).
export { default as TrainScreen } from './TrainScreen.svelte'
export { trainSession, type TrainSession } from './TrainSession.svelte'
