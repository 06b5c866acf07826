// ModelSpec helpers: paper defaults, validation with specific messages, and parameter counts (spec §3.4).
import { dInputWidth, noiseDimOf, type ModelSpec } from './types'
import { featureCount } from '../../common/crnngan/cells'

/** Paper hyper-parameters for K tones per cell (spec §3, H = 350 as in the paper, not HEAD's 100). */
export function defaultSpec(tonesPerCell: 1 | 3 = 1, overrides: Partial<ModelSpec> = {}): ModelSpec {
  const spec: ModelSpec = {
    type: 'crnngan',
    version: 1,
    tonesPerCell,
    features: featureCount(tonesPerCell),
    hidden: 350,
    layersG: 2,
    layersD: 2,
    keepProb: 0.5,
    noiseScale: 1.0,
    ...overrides,
  }
  validateSpec(spec)
  return spec
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0

/** Throws an Error naming the offending field and value when `spec` is not a usable C-RNN-GAN spec. */
export function validateSpec(spec: ModelSpec): void {
  const s = spec as unknown as Record<string, unknown>
  if (s.type !== 'crnngan')
    throw new Error(`model spec: type must be 'crnngan', got ${JSON.stringify(s.type)}`)
  if (s.version !== 1)
    throw new Error(`model spec: unsupported version ${JSON.stringify(s.version)} (expected 1)`)
  if (s.tonesPerCell !== 1 && s.tonesPerCell !== 3)
    throw new Error(`model spec: tonesPerCell must be 1 or 3, got ${JSON.stringify(s.tonesPerCell)}`)
  if (s.pitchCoding !== undefined && s.pitchCoding !== 'fifths')
    throw new Error(`model spec: pitchCoding must be 'fifths' when set, got ${JSON.stringify(s.pitchCoding)}`)
  const want = featureCount(spec.tonesPerCell) + (s.pitchCoding === 'fifths' ? 2 * spec.tonesPerCell : 0)
  if (s.features !== want)
    throw new Error(
      `model spec: features must be 3·tonesPerCell+1${s.pitchCoding ? ' + 2·tonesPerCell' : ''} = ${want}, got ${JSON.stringify(s.features)}`,
    )
  for (const k of ['hidden', 'layersG', 'layersD'] as const)
    if (!isPosInt(s[k]))
      throw new Error(`model spec: ${k} must be a positive integer, got ${JSON.stringify(s[k])}`)
  if (typeof s.keepProb !== 'number' || !(spec.keepProb > 0 && spec.keepProb <= 1))
    throw new Error(`model spec: keepProb must be in (0, 1], got ${JSON.stringify(s.keepProb)}`)
  if (typeof s.noiseScale !== 'number' || !(spec.noiseScale >= 0) || !Number.isFinite(spec.noiseScale))
    throw new Error(`model spec: noiseScale must be a finite number ≥ 0, got ${JSON.stringify(s.noiseScale)}`)
  if (s.noiseDim !== undefined && !(isPosInt(s.noiseDim) && spec.noiseDim! <= 1024))
    throw new Error(`model spec: noiseDim must be an integer in 1..1024, got ${JSON.stringify(s.noiseDim)}`)
  if (s.output !== undefined && s.output !== 'linear' && s.output !== 'reluDt')
    throw new Error(`model spec: output must be 'linear' or 'reluDt', got ${JSON.stringify(s.output)}`)
  if (s.dView !== undefined && s.dView !== 'studioMusic' && s.dView !== 'studioChroma')
    throw new Error(
      `model spec: dView must be 'studioMusic' or 'studioChroma' when set, got ${JSON.stringify(s.dView)}`,
    )
  if (s.outputLattice !== undefined && s.outputLattice !== 'studio')
    throw new Error(
      `model spec: outputLattice must be 'studio' when set, got ${JSON.stringify(s.outputLattice)}`,
    )
  if (s.dViewGrad !== undefined && !(typeof s.dViewGrad === 'number' && s.dViewGrad >= 0 && s.dViewGrad <= 1))
    throw new Error(`model spec: dViewGrad must be in [0, 1], got ${JSON.stringify(s.dViewGrad)}`)
  for (const k of ['keepProbDInput', 'keepProbD'] as const)
    if (s[k] !== undefined && !(typeof s[k] === 'number' && s[k] > 0 && s[k] <= 1))
      throw new Error(`model spec: ${k} must be in (0, 1], got ${JSON.stringify(s[k])}`)
}

/** Name → shape of every variable, G first then D, in the order of `gVars` / `dVars`. */
export function variableShapes(spec: ModelSpec): { g: [string, number[]][]; d: [string, number[]][] } {
  const { features: F, hidden: H } = spec
  const g: [string, number[]][] = [
    ['g/in/kernel', [noiseDimOf(spec) + F, H]],
    ['g/in/bias', [H]],
  ]
  for (let l = 0; l < spec.layersG; l++)
    g.push([`g/lstm${l}/kernel`, [2 * H, 4 * H]], [`g/lstm${l}/bias`, [4 * H]])
  g.push(['g/out/kernel', [H, F]], ['g/out/bias', [F]])
  const d: [string, number[]][] = []
  for (const dir of ['fw', 'bw'])
    for (let l = 0; l < spec.layersD; l++)
      d.push(
        [`d/${dir}/lstm${l}/kernel`, [(l === 0 ? dInputWidth(spec) : H) + H, 4 * H]],
        [`d/${dir}/lstm${l}/bias`, [4 * H]],
      )
  d.push(['d/out/kernel', [2 * H, 1]], ['d/out/bias', [1]])
  return { g, d }
}

/** Trainable parameter counts. Paper size (H 350): G 1,967,354 / D 2,957,501 for K = 1 (spec §3.4). */
export function parameterCount(spec: ModelSpec): { g: number; d: number } {
  const { g, d } = variableShapes(spec)
  const count = (vs: [string, number[]][]): number =>
    vs.reduce((n, [, s]) => n + s.reduce((a, b) => a * b, 1), 0)
  return { g: count(g), d: count(d) }
}
