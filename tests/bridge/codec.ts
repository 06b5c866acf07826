// The bridge speaks the served studio's wire codec (src-main/common/ipc/wire.ts); re-exported for the codec test,
// which checks the injected studioClient.js copy against it.
export { decode, encode } from '../../src-main/common/ipc/wire'
