// The import-direction rule must reject each forbidden edge of STYLE.md §6 and accept the allowed ones.
import { describe, expect, it } from 'vitest'
import { violation } from '../../eslint-rules/layering.js'

const check = (file: string, spec: string, to: string | null = null) => violation(file, spec, to)

describe('layering rule', () => {
  it('keeps common/ environment-free', () => {
    expect(check('src-main/common/music/time.ts', 'node:fs')).toMatch(/environment-free/)
    expect(check('src-main/common/music/time.ts', 'electron')).toMatch(/environment-free/)
    expect(check('src-main/common/music/time.ts', '@tensorflow/tfjs')).toMatch(/environment-free/)
    expect(check('src-main/common/music/time.ts', 'tone')).toMatch(/environment-free/)
    expect(check('src-main/common/a.ts', '../ml/x', 'src-main/ml/x')).toMatch(/only import common/)
    expect(check('src-main/common/a.ts', '@tonejs/midi')).toBeNull()
    expect(check('src-main/common/a.ts', './b', 'src-main/common/b')).toBeNull()
  })
  it('keeps electron inside app/ and preload', () => {
    expect(check('src-main/ml/model/g.ts', 'electron')).toMatch(/only src-main\/app/)
    expect(check('src-main/datasets/store.ts', 'electron')).toMatch(/only src-main\/app/)
    expect(check('src-main/app/index.ts', 'electron')).toBeNull()
    expect(check('src-main/preload/index.ts', 'electron')).toBeNull()
    expect(check('src-main/preload/index.ts', '../ml/x', 'src-main/ml/x')).toMatch(/preload/)
    expect(check('src-main/preload/index.ts', 'zod')).toMatch(/preload/)
  })
  it('lets ml/ see only ml/ and common/, except the host', () => {
    expect(check('src-main/ml/training/loop.ts', '../../datasets/s', 'src-main/datasets/s')).toMatch(/ml\//)
    expect(check('src-main/ml/host/h.ts', '../../datasets/s', 'src-main/datasets/s')).toBeNull()
    expect(check('src-main/ml/host/h.ts', '../../app/x', 'src-main/app/x')).toMatch(/host/)
    expect(check('src-main/datasets/s.ts', '../ml/x', 'src-main/ml/x')).toMatch(/datasets/)
  })
  it('lets serve/ use the handler table and services but nothing of the Electron window', () => {
    const from = 'src-main/serve/server.ts'
    expect(check(from, '../app/ipc/handlers', 'src-main/app/ipc/handlers')).toBeNull()
    expect(check(from, '../app/csp', 'src-main/app/csp')).toBeNull()
    expect(check(from, '../app/services/fileService', 'src-main/app/services/fileService')).toBeNull()
    expect(check(from, '../app/services/electronPickers', 'src-main/app/services/electronPickers')).toMatch(
      /serve/,
    )
    expect(check(from, '../app/services/utilityHost', 'src-main/app/services/utilityHost')).toMatch(/serve/)
    expect(check(from, '../app/index', 'src-main/app/index')).toMatch(/serve/)
    expect(check(from, 'electron')).toMatch(/only src-main\/app/)
    expect(check('src-main/cli/commands/serve.ts', '../../serve/server', 'src-main/serve/server')).toBeNull()
  })
  it('lets the renderer import only @common from src-main', () => {
    expect(
      check('src-renderer/src/App.svelte', '@common/music/song', 'src-main/common/music/song'),
    ).toBeNull()
    expect(check('src-renderer/src/App.svelte', 'node:fs')).toMatch(/renderer/)
    expect(check('src-renderer/src/App.svelte', '@tensorflow/tfjs')).toMatch(/renderer/)
    expect(check('src-renderer/src/a.ts', '../../src-main/ml/x', 'src-main/ml/x')).toMatch(/only @common/)
    expect(check('src-main/app/x.ts', '../../src-renderer/a', 'src-renderer/a')).toMatch(/renderer/)
  })
  it('lets renderer features meet only through index.ts', () => {
    const to = 'src-renderer/src/editor/model/commands'
    expect(check('src-renderer/src/compose/C.svelte', '../editor/model/commands', to)).toMatch(/index\.ts/)
    expect(check('src-renderer/src/compose/C.svelte', '../editor', 'src-renderer/src/editor')).toMatch(
      /index/,
    )
    expect(
      check('src-renderer/src/compose/C.svelte', '../editor/index', 'src-renderer/src/editor/index'),
    ).toBeNull()
    expect(check('src-renderer/src/compose/C.svelte', '../lib/ipc', 'src-renderer/src/lib/ipc')).toBeNull()
  })
})
