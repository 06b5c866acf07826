// Public surface of the Library feature (other features import only this file).
export { default as LibraryScreen } from './LibraryScreen.svelte'
export { LibraryState } from './LibraryState.svelte'
export { suggestName } from './format'
