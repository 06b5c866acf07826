// Types for the layering rule so tests can call `violation` directly.
export function violation(file: string, spec: string, to: string | null): string | null
declare const plugin: { rules: Record<string, unknown> }
export default plugin
