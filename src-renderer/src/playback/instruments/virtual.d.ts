// The piano samples module made by scripts/vite/pianoSamples.ts: [layer, note name, URL] rows.
declare module 'virtual:piano-samples' {
  const samples: readonly (readonly ['soft' | 'loud', string, string])[]
  export default samples
}
