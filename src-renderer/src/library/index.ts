// Public surface of the Library feature (other features import only this file).
export { default as LibraryScreen } from './LibraryScreen.svelte'
export { LibraryState, suggestName } from './LibraryState.svelte'
