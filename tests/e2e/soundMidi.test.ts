// End-to-end: sound and MIDI in the built app against the real bridge, in Debian Chromium at 1280×800. The track's
// instrument/volume/pan, audio (WAV) export through the save dialog, and Web MIDI with the browser's MIDI API
// replaced at its boundary by a recording output and a scriptable input (this machine has no MIDI ports):
// connect, send the song, record a phrase into the active track, and continue it with the starter model.
// Screenshots: test-artifacts/screenshots/sound-*.png.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTinyStarter } from '../../src-main/app/services/testing/starterFixture'
import { openStudio, type Studio } from './support/harness'

/** Replaces navigator.requestMIDIAccess with one output that records and one input the test plays. */
const FAKE_WEB_MIDI = `
  window.__midiSent = []
  class FakeIn extends EventTarget {
    id = 'in-1'; name = 'Test keyboard'; type = 'input'; state = 'connected'; connection = 'open'
    play(bytes) { this.dispatchEvent(new MIDIMessageEvent('midimessage', { data: new Uint8Array(bytes) })) }
  }
  const input = new FakeIn()
  const output = {
    id: 'out-1', name: 'Test synth', type: 'output', state: 'connected', connection: 'open',
    send(data, ts) { window.__midiSent.push({ data: Array.from(data), ts: ts ?? performance.now() }) },
  }
  window.__midiKeys = input
  window.__midiAsked = []
  navigator.requestMIDIAccess = async (opts) => {
    window.__midiAsked.push(opts)
    return { inputs: new Map([[input.id, input]]), outputs: new Map([[output.id, output]]), onstatechange: null, sysexEnabled: false }
  }
`

describe('sound and MIDI devices', () => {
  let studio: Studio
  const saved = process.env.CRNNGAN_STARTER_DIR
  const dir = mkdtempSync(join(tmpdir(), 'starter-sound-'))

  beforeAll(async () => {
    await writeTinyStarter(dir, 5, 50)
    process.env.CRNNGAN_STARTER_DIR = dir
    studio = await openStudio({ initScripts: [FAKE_WEB_MIDI] })
    await studio.page.getByTestId('nav-compose').click()
    await studio.page.getByTestId('piano-roll').waitFor()
  })
  afterAll(async () => {
    await studio?.close()
    if (saved === undefined) delete process.env.CRNNGAN_STARTER_DIR
    else process.env.CRNNGAN_STARTER_DIR = saved
    rmSync(dir, { recursive: true, force: true })
  })

  it('sets the active track’s instrument, volume and pan', async () => {
    const page = studio.page
    await page.getByTestId('instrument-0').selectOption('73') // Flute
    await expect(page.getByTestId('instrument-0').inputValue()).resolves.toBe('73')
    await page.getByTestId('volume-0').fill('90')
    await page.getByTestId('pan-0').fill('40')
    await studio.shot('sound-track-controls')
    await page.getByTestId('instrument-0').selectOption('0') // back to the sampled grand
  })

  it('records from a MIDI keyboard into the active track, sends the song out, and continues the take', async () => {
    const page = studio.page
    await page.getByTestId('midi-menu').click()
    await page.getByTestId('midi-connect').click()
    await page.getByTestId('midi-out-port').selectOption('out-1')
    await expect(
      page.evaluate(() => (window as unknown as { __midiAsked: unknown[] }).__midiAsked),
    ).resolves.toEqual([{ sysex: false }])
    await page.getByTestId('midi-count-in').selectOption('0') // no count-in
    await page.getByTestId('midi-quantize').selectOption('1/8')
    await page.getByTestId('midi-record').click()
    await page.getByTestId('midi-stop-record').waitFor()
    await page.evaluate(async () => {
      const keys = (window as unknown as { __midiKeys: { play(b: number[]): void } }).__midiKeys
      const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
      for (const p of [60, 64, 67, 72]) {
        keys.play([0x90, p, 96])
        await wait(180)
        keys.play([0x80, p, 0])
        await wait(70)
      }
    })
    await page.getByTestId('midi-stop-record').click()
    await expect(page.getByTestId('midi-last-take').textContent()).resolves.toMatch(/4 notes/)
    await expect(page.getByTestId('status').textContent()).resolves.toMatch(/4 notes · 4 selected/)
    await studio.shot('sound-midi-recorded')

    // Play: the recorded notes go out on the chosen port (channel 1), each on then off.
    await page.evaluate(() => ((window as unknown as { __midiSent: unknown[] }).__midiSent.length = 0))
    await page.keyboard.press('Escape')
    await page.getByTestId('stop').click()
    await page.getByTestId('play').click()
    await page.waitForTimeout(1500)
    await page.getByTestId('stop').click()
    const sent = await page.evaluate(
      () => (window as unknown as { __midiSent: { data: number[] }[] }).__midiSent,
    )
    const ons = sent.filter((m) => m.data[0] === 0x90).map((m) => m.data[1])
    expect(ons).toEqual([60, 64, 67, 72])
    expect(sent.some((m) => m.data[0] === 0xc0)).toBe(true) // program change first
    expect(sent.filter((m) => m.data[0] === 0x80)).toHaveLength(4)

    // Continue what I played: the take (selected) is the primer of a new batch from the starter model.
    await page.getByTestId('midi-menu').click()
    await page.getByTestId('midi-continue').click()
    const cards = page.locator('[data-testid="candidate"]')
    await cards.first().waitFor({ timeout: 90_000 })
    await studio.shot('sound-midi-continued')
  })

  it('exports the song as a WAV file through the save dialog', async () => {
    const page = studio.page
    const out = join(studio.tmp, 'take.wav')
    studio.bridge.pickers.saves.push(out)
    if (!(await page.getByTestId('export-audio').isVisible())) await page.getByTestId('midi-menu').click()
    await page.getByTestId('export-audio').click()
    await expect.poll(() => safeSize(out), { timeout: 60_000 }).toBeGreaterThan(44)
    const wav = readFileSync(out)
    expect(wav.subarray(0, 4).toString() + wav.subarray(8, 12).toString()).toBe('RIFFWAVE')
    expect(wav.readUInt32LE(24)).toBe(44_100) // sample rate
    expect(wav.readUInt16LE(22)).toBe(2) // stereo
    expect(wav.readUInt16LE(34)).toBe(16) // 16-bit PCM
    expect(studio.problems).toEqual([]) // no CSP violation, no page error (worklet, sound bank, samples)
  })
})

function safeSize(path: string): number {
  try {
    return readFileSync(path).length
  } catch {
    return 0
  }
}
