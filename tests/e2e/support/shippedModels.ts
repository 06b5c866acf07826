// Which shipped models this tree has (resources/models/<name>), for end-to-end tests that use the real ones: the
// default 'starter' once the studio model is in, else the paper model. Read at call time, so a test that points a
// model's variable elsewhere (testing/starterFixture.ts) sees its own setting.
import type { ShippedModelName } from '../../../src-main/common/models/shipped'
import { presentShippedModels } from '../../../src-main/ml/starter/locate'

/** The shipped model a first run (and Compose with nothing remembered) selects here. */
export function defaultShippedModel(): ShippedModelName {
  const [first] = presentShippedModels()
  if (!first) throw new Error('no shipped model in resources/models (starter/ or starter-paper/)')
  return first
}
