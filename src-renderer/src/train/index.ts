// Public surface of the Train feature (other features import only this file).
export { default as TrainScreen } from './TrainScreen.svelte'
export { TrainSession } from './TrainSession.svelte'
