/** [] when this runtime already has relaxed SIMD or the flag does not give it; else [the flag]. */
export function relaxedSimdNodeArgs(): string[]
/** Turns relaxed SIMD on in this process (Node 20: the V8 flag, set at run time); whether it is now available. */
export function enableRelaxedSimd(): boolean
