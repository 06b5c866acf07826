// Public entry of backend selection.
export {
  selectBackend,
  type BackendChoice,
  type BackendName,
  type SelectBackendOptions,
} from './selectBackend'
