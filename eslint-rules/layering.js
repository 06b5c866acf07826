// Enforces the import-direction table of docs (STYLE.md §6): which source roots may import which others.
// Resolves relative and '@common/' specifiers to repo paths so the rule sees real folders, not strings.
import { builtinModules } from 'node:module'
import { dirname, relative, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const isNode = (s) => s.startsWith('node:') || builtins.has(s) || builtins.has(s.split('/')[0])
const isTf = (s) => s.startsWith('@tensorflow/')
const isElectron = (s) => s === 'electron' || s.startsWith('electron/')

/** Repo-relative path an import points at, or null for a package import. */
function target(fromFile, spec) {
  if (spec.startsWith('@common/')) return `src-main/common/${spec.slice('@common/'.length)}`
  if (spec.startsWith('.'))
    return relative(ROOT, resolve(dirname(fromFile), spec))
      .split('\\')
      .join('/')
  return null
}

const FEATURE_SHARED = new Set(['lib', 'ui'])

/** Returns a message when `file` (repo-relative) may not import `spec` (resolving to `to`). */
export function violation(file, spec, to) {
  const inDir = (p, d) => p === d || p.startsWith(`${d}/`)
  if (inDir(file, 'src-main/common')) {
    if (
      isElectron(spec) ||
      isNode(spec) ||
      isTf(spec) ||
      spec === 'svelte' ||
      spec.startsWith('svelte/') ||
      spec === 'tone'
    )
      return `common/ is environment-free: it may not import '${spec}'`
    if (to && !inDir(to, 'src-main/common')) return `common/ may only import common/, not '${to}'`
    return null
  }
  if (inDir(file, 'src-main/preload')) {
    if (to && !inDir(to, 'src-main/common') && !inDir(to, 'src-main/preload'))
      return `preload may import only electron and common/, not '${to}'`
    if (!to && !isElectron(spec)) return `preload may import only electron and common/, not '${spec}'`
    return null
  }
  if (inDir(file, 'src-renderer')) {
    if (isElectron(spec) || isNode(spec) || isTf(spec)) return `the renderer may not import '${spec}'`
    if (to && inDir(to, 'src-main') && !inDir(to, 'src-main/common'))
      return `the renderer may import only @common/ from src-main, not '${to}'`
    const feat = (p) => (inDir(p, 'src-renderer/src') ? p.split('/')[2] : undefined)
    const [a, b] = [feat(file), to ? feat(to) : undefined]
    const isFeatureDir = (f) => f !== undefined && !f.includes('.') && !FEATURE_SHARED.has(f)
    if (to && isFeatureDir(a) && isFeatureDir(b) && a !== b && !/\/index(\.ts)?$/.test(to))
      return `feature '${a}' may import feature '${b}' only through its index.ts, not '${to}'`
    return null
  }
  if (inDir(file, 'src-main')) {
    if (to && inDir(to, 'src-renderer')) return `src-main may not import the renderer ('${to}')`
    const electronOk = inDir(file, 'src-main/app')
    if (isElectron(spec) && !electronOk) return `only src-main/app and preload may import electron`
    if (!to) return null
    if (
      inDir(file, 'src-main/datasets') &&
      (inDir(to, 'src-main/ml') || inDir(to, 'src-main/app') || inDir(to, 'src-main/cli'))
    )
      return `datasets/ may import only common/ and node, not '${to}'`
    if (inDir(file, 'src-main/ml/host')) {
      if (inDir(to, 'src-main/app') || inDir(to, 'src-main/cli')) return `ml/host may not import '${to}'`
      return null
    }
    if (inDir(file, 'src-main/ml') && !inDir(to, 'src-main/ml') && !inDir(to, 'src-main/common'))
      return `ml/ may import only ml/ and common/ (data arrives as Songs or arrays), not '${to}'`
    if (inDir(file, 'src-main/cli') && inDir(to, 'src-main/app')) return `cli/ may not import app/`
    // serve/ is the browser shell beside Electron's: the handler table, the services and the CSP, nothing of the
    // window (menus, dialogs, utilityProcess), so `crnngan serve` never loads electron.
    if (
      inDir(file, 'src-main/serve') &&
      inDir(to, 'src-main/app') &&
      !inDir(to, 'src-main/app/ipc') &&
      to !== 'src-main/app/csp' &&
      !/^src-main\/app\/services\/(?!electron|dragOut|utilityHost)/.test(to)
    )
      return `serve/ may import only app/ipc, app/csp and the shell-free app/services, not '${to}'`
  }
  return null
}

const rule = {
  meta: { type: 'problem', schema: [], docs: { description: 'import direction between source roots' } },
  create(context) {
    const file = relative(ROOT, context.filename).split('\\').join('/')
    // Tests may import anything (STYLE.md §6): a corpus test beside common/ code still reads files with node:fs.
    if (file.startsWith('..') || !/^src-(main|renderer)\//.test(file) || /\.test\.ts$/.test(file)) return {}
    const check = (node, spec) => {
      if (typeof spec !== 'string') return
      const msg = violation(file, spec, target(context.filename, spec))
      if (msg) context.report({ node, message: msg })
    }
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    }
  },
}

export default { rules: { layering: rule } }
