// `model:card`: the model card (model-card.md) of a shipped model, found by name through the model locator, never
// through a path from the page. The page renders it as text (basic markdown), so its content cannot inject HTML.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { ModelCard } from '@common/ipc/training'
import { IpcFailure } from '@common/ipc/result'
import { shippedModel } from '@common/models/shipped'
import { hasShippedModel, shippedModelDir } from '../../ml/starter/locate'
import { STARTER_FILES } from '../../ml/starter/starterFormat'

/** A card is a page of text: anything larger is not one. */
export const MAX_CARD_BYTES = 512 * 1024

/**
 * The card of the shipped model `name`.
 * @throws IpcFailure 'not-found' when this build does not ship that model or its folder has no card, 'io-error'
 *   when the card cannot be read or is too large.
 */
export async function readModelCard(name: string): Promise<ModelCard> {
  const model = shippedModel(name)
  if (!model || !hasShippedModel(model.name))
    throw new IpcFailure('not-found', `this build does not ship the ${model?.label ?? `model '${name}'`}`)
  const path = join(shippedModelDir(model.name), STARTER_FILES.card)
  let bytes: Buffer
  try {
    const { size } = await fs.stat(path)
    if (size > MAX_CARD_BYTES)
      throw new IpcFailure(
        'io-error',
        `the ${model.label}'s card (${STARTER_FILES.card}) is ${size} bytes, more than ${MAX_CARD_BYTES}`,
      )
    bytes = await fs.readFile(path)
  } catch (err) {
    if (err instanceof IpcFailure) throw err
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new IpcFailure(
        'not-found',
        `the ${model.label} has no model card (${STARTER_FILES.card} is missing)`,
      )
    throw new IpcFailure('io-error', `cannot read the ${model.label}'s card: ${(err as Error).message}`)
  }
  return { name: model.name, label: model.label, markdown: new TextDecoder().decode(bytes) }
}
