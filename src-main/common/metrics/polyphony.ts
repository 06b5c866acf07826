// Polyphony scores of onset ticks (spec §5.2): HEAD's hybrid counter, the e75e541 variant, and the intended one.

function sortedTicks(onsets: readonly number[]): number[] {
  return onsets.slice().sort((a, b) => a - b)
}

/**
 * midi_statistics.get_polyphony_score at HEAD (and fedfe13): walks sorted onsets with a group counter that starts at
 * tick 0 and, because of an indentation slip, also counts after every onset. Score = poly/(poly+mono), 0 if no poly.
 * @example polyphonyCodeExact([0, 0, 0, 96, 96, 96]) // 5/7 ≈ 0.714
 */
export function polyphonyCodeExact(onsets: readonly number[]): number {
  return counter(onsets, true)
}

/** The submission code's counter (e75e541): no extra count, so the last group is never recorded (0 if m = 1). */
export function polyphonyE75541(onsets: readonly number[]): number {
  return counter(onsets, false)
}

function counter(onsets: readonly number[], extraCount: boolean): number {
  let mono = 0
  let poly = 0
  let last = 0
  let c = 0
  const record = (): void => {
    if (c === 1) mono++
    else if (c > 1) poly++
  }
  for (const t of sortedTicks(onsets)) {
    if (t === last) c++
    else {
      record()
      c = 1
    }
    last = t
    if (extraCount) record()
  }
  return poly === 0 ? 0 : poly / (poly + mono)
}

/**
 * The paper's definition: fraction of distinct onset ticks at which ≥ 2 tones start (0 for no onsets).
 * @example polyphony([0, 0, 10, 20, 20, 20]) // 2/3
 */
export function polyphony(onsets: readonly number[]): number {
  const counts = new Map<number, number>()
  for (const t of onsets) counts.set(t, (counts.get(t) ?? 0) + 1)
  if (counts.size === 0) return 0
  let poly = 0
  for (const n of counts.values()) if (n >= 2) poly++
  return poly / counts.size
}
