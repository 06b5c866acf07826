// Train screen formatting: durations, losses and checkpoint labels.
import { describe, expect, it } from 'vitest'
import { HOST_ERROR_CODES } from '@common/ipc/engineErrors'
import { checkpointLabel, failedNotice, formatDuration, formatLoss } from './format'

describe('train formatting', () => {
  it('formats durations', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(NaN)).toBe('—')
    expect(formatDuration(42.4)).toBe('42s')
    expect(formatDuration(185)).toBe('3m 05s')
    expect(formatDuration(3720)).toBe('1h 02m')
  })
  it('formats losses and checkpoints', () => {
    expect(formatLoss(0.123456)).toBe('0.1235')
    expect(formatLoss(NaN)).toBe('—')
    expect(checkpointLabel({ epoch: 3, step: 0, reason: 'periodic', isBest: true, validationLoss: 1 })).toBe(
      'epoch 3 ★',
    )
    expect(checkpointLabel({ epoch: 3, step: 1, reason: 'pause', isBest: false, validationLoss: 2 })).toBe(
      'epoch 3 + 1 step',
    )
    expect(checkpointLabel({ epoch: 3, step: 12, reason: 'stop', isBest: false, validationLoss: NaN })).toBe(
      'epoch 3 + 12 steps',
    )
  })

  it('says what happened to a failed run and what to do, for every failure code', () => {
    expect(
      failedNotice({
        runId: 'run-a',
        code: 'DIVERGED',
        message: 'losses stayed non-finite',
        canResume: true,
      }),
    ).toBe(
      'Training run-a failed: losses stayed non-finite (you can resume it). Start again with lower learning rates or another preset.',
    )
    for (const code of [...HOST_ERROR_CODES, 'trainer-crashed' as const]) {
      const text = failedNotice({ runId: 'r', code, message: 'm', canResume: false })
      expect(text, code).toMatch(/^Training r failed: m\. [A-Z].+\.$/)
    }
  })
})
