/** [] when this runtime already has relaxed SIMD or the flag does not give it; else [the flag]. */
export function relaxedSimdNodeArgs(): string[]
