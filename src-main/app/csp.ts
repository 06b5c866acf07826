// The renderer's Content-Security-Policy, written once: main sends it as a response header and a unit test checks
// that src-renderer/index.html carries the same policy in its <meta> tag (the meta guards `vite preview`/bridge too).

/** Directives as [name, sources]. Tone.js needs blob: workers and media; tfjs is not in the renderer, wasm is for Tone. */
export const CSP_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  // Svelte writes style attributes (style:prop) at run time: inline styles must be allowed, inline scripts are not.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['media-src', "'self' blob:"],
  ['worker-src', "'self' blob:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
]

/** The policy as one header/meta value. */
export const CSP = CSP_DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ')

/** Header-only additions (frame-ancestors is ignored, with a console warning, in a <meta> policy). */
export const CSP_HEADER = `${CSP}; frame-ancestors 'none'`
