// The one mapping from a TrainConfig's model section to the model's ModelSpec (the checkpoint verifier and the
// model factory both use it, so a saved run's expected shapes can never disagree with the model that is built).
import type { ModelSpec } from '../model/types'
import { modelWidth } from '../training/features'
import type { TrainConfig } from './trainConfig'
import { featureCount } from '../../common/crnngan/cells'

/** The ModelSpec of a training config (F = 3K + 1; noiseScale = randomInputScale). */
export function toModelSpec(config: Pick<TrainConfig, 'model'>): ModelSpec {
  const m = config.model
  return {
    type: 'crnngan',
    version: 1,
    tonesPerCell: m.tonesPerCell,
    features: modelWidth(featureCount(m.tonesPerCell), m.features),
    ...(m.features === 'studioFifths' ? { pitchCoding: 'fifths' as const } : {}),
    hidden: m.hidden,
    layersG: m.layersG,
    layersD: m.layersD,
    keepProb: m.keepProb,
    noiseScale: m.randomInputScale,
    // Paper runs keep the spec minimal, so their saved specs and checkpoints stay as before.
    ...(m.noiseDim !== undefined ? { noiseDim: m.noiseDim } : {}),
    ...(m.output !== 'linear' ? { output: m.output } : {}),
    ...(m.keepProbDInput !== undefined ? { keepProbDInput: m.keepProbDInput } : {}),
    ...(m.keepProbD !== undefined ? { keepProbD: m.keepProbD } : {}),
    ...(m.dView !== 'cells' ? { dView: m.dView } : {}),
    ...(m.outputLattice === 'studio' ? { outputLattice: m.outputLattice } : {}),
    ...(m.dView !== 'cells' && m.dViewGrad !== 1 ? { dViewGrad: m.dViewGrad } : {}),
  }
}
