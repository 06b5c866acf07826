// Memorisation check: the longest run of consecutive (pitch interval, quantised dt) events a candidate shares with
// any training piece. Exact: a suffix automaton of the (short) candidate, with every training piece streamed through.
import { hzToMidi } from '../../common/music/pitch'

/** dt quantum in 384-PPQ ticks (a 64th-note triplet grid would be too fine; 24 = a 16th note). */
const DT_QUANTUM = 24
/** Frequencies at or below this count as "no tone". */
const SILENT_HZ = 1

/**
 * Event tokens of raw cells ([n, F] row-major, K tones per cell; the first tone of each cell is the event):
 * token_i = (round(pitch_i) − round(pitch_{i−1}), round(dt_i / 24)) packed into one integer. Silent cells are skipped
 * (their dt is added to the next event's). Transposition-invariant and tempo-grid-based, as a plagiarism check should be.
 */
export function eventTokens(cells: Float32Array, features: number): Int32Array {
  const out: number[] = []
  let prevPitch: number | null = null
  let dtAcc = 0
  for (let i = 0; i + features <= cells.length; i += features) {
    dtAcc += cells[i]
    const freq = cells[i + 2]
    if (!(freq > SILENT_HZ) || !(cells[i + 3] > 0)) continue
    const pitch = Math.round(hzToMidi(freq))
    if (prevPitch !== null) {
      const interval = Math.max(-127, Math.min(127, pitch - prevPitch))
      const dtq = Math.max(0, Math.min(4095, Math.round(dtAcc / DT_QUANTUM)))
      out.push((interval + 128) * 4096 + dtq)
    }
    prevPitch = pitch
    dtAcc = 0
  }
  return Int32Array.from(out)
}

/** Suffix automaton of one token string (states: transitions, suffix link, longest length). */
class SuffixAutomaton {
  readonly next: Map<number, number>[] = [new Map()]
  readonly link: number[] = [-1]
  readonly len: number[] = [0]

  constructor(tokens: Int32Array) {
    let last = 0
    for (const c of tokens) {
      const cur = this.#add(this.len[last] + 1)
      let p = last
      while (p !== -1 && !this.next[p].has(c)) {
        this.next[p].set(c, cur)
        p = this.link[p]
      }
      if (p === -1) this.link[cur] = 0
      else {
        const q = this.next[p].get(c)!
        if (this.len[p] + 1 === this.len[q]) this.link[cur] = q
        else {
          const clone = this.#add(this.len[p] + 1)
          this.next[clone] = new Map(this.next[q])
          this.link[clone] = this.link[q]
          while (p !== -1 && this.next[p].get(c) === q) {
            this.next[p].set(c, clone)
            p = this.link[p]
          }
          this.link[q] = clone
          this.link[cur] = clone
        }
      }
      last = cur
    }
  }

  #add(len: number): number {
    this.next.push(new Map())
    this.link.push(-1)
    this.len.push(len)
    return this.len.length - 1
  }

  /** Length of the longest substring of `text` that also occurs in the automaton's string. */
  longestCommon(text: Int32Array): number {
    let state = 0
    let l = 0
    let best = 0
    for (const c of text) {
      while (state !== 0 && !this.next[state].has(c)) {
        state = this.link[state]
        l = this.len[state]
      }
      const to = this.next[state].get(c)
      if (to !== undefined) {
        state = to
        l++
      }
      if (l > best) best = l
    }
    return best
  }
}

/** A training set prepared for memorisation checks: each piece's event tokens. */
export interface MemorisationIndex {
  readonly names: readonly string[]
  readonly tokens: readonly Int32Array[]
}

/** Tokenises training songs (raw cells) once; reuse the index for many candidates. */
export function buildMemorisationIndex(
  songs: readonly { readonly name: string; readonly cells: Float32Array }[],
  features: number,
): MemorisationIndex {
  return { names: songs.map((s) => s.name), tokens: songs.map((s) => eventTokens(s.cells, features)) }
}

/**
 * Longest run of consecutive events of `candidate` (raw cells) found in one training piece, and that piece
 * (null when the run is 0). Cost O(|candidate| + total training events).
 */
export function longestSharedRun(
  candidate: Float32Array,
  features: number,
  index: MemorisationIndex,
): { longestRun: number; piece: string | null } {
  const tokens = eventTokens(candidate, features)
  if (tokens.length === 0) return { longestRun: 0, piece: null }
  const sam = new SuffixAutomaton(tokens)
  let best = 0
  let piece: string | null = null
  index.tokens.forEach((t, i) => {
    const l = sam.longestCommon(t)
    if (l > best) [best, piece] = [l, index.names[i]]
  })
  return { longestRun: best, piece }
}
