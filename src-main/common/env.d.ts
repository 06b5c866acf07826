// The few host globals common/ may use, for its own environment-free typecheck (src-main/common/tsconfig.json).
// Both Node and browsers provide them; the root tsconfig excludes this file and gets them from DOM/Node types.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean })
  decode(input?: Uint8Array): string
}
declare class TextEncoder {
  encode(input?: string): Uint8Array
}
/** Opaque: common/ only names the type (the renderer hands dropped files to the preload). */
interface File {
  readonly name: string
}
/** Base64 of a binary string / the inverse (global in Node ≥ 16 and every browser). */
declare function btoa(data: string): string
declare function atob(data: string): string
