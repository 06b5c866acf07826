// Public surface of the Train feature (other features import only this file).
export { default as TrainScreen } from './TrainScreen.svelte'
export { Audition } from './Audition.svelte'
export { trainSession, type TrainSession } from './TrainSession.svelte'
