// electron-builder.yml read and validated by electron-builder's own loader and schema, and the fuse wire it would
// flip computed by its own code: every hardening fuse electron-builder supports is set the safe way.
import { FuseV1Options } from '@electron/fuses'
import { PlatformPackager } from 'app-builder-lib'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)
const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }
}

/** The fuse options electron-builder 26 knows, by what the safe setting is. */
const SAFE: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
}
/** Options that are no hardening: a V8 snapshot choice, and a macOS signing step electron-builder does anyway. */
const NOT_HARDENING = ['loadBrowserProcessSpecificV8Snapshot', 'resetAdHocDarwinSignature']

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', async () => {
    const config = await getConfig(root, resolve(root, 'electron-builder.yml'), null)
    await expect(
      validateConfiguration(config, { isEnabled: false, add: () => undefined } as never),
    ).resolves.toBe(undefined)
  })

  it('sets every hardening fuse electron-builder supports', async () => {
    const config = await getConfig(root, resolve(root, 'electron-builder.yml'), null)
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties).filter(
      (k) => !NOT_HARDENING.includes(k),
    )
    expect(known.sort()).toEqual(Object.keys(SAFE).sort())
    expect(config.electronFuses).toEqual(SAFE)
    // onlyLoadAppFromAsar and asar integrity mean nothing without an asar.
    expect(config.asar).not.toBe(false)
  })

  it('turns into the fuse wire @electron/fuses flips in the binary', async () => {
    const config = await getConfig(root, resolve(root, 'electron-builder.yml'), null)
    const generate = (
      PlatformPackager.prototype as unknown as {
        generateFuseConfig(f: unknown): Promise<Record<string, unknown>>
      }
    ).generateFuseConfig
    const wire = await generate.call(null, config.electronFuses)
    expect(wire).toMatchObject({
      version: '1',
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    })
    expect(wire).not.toHaveProperty(String(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot))
  })
})
