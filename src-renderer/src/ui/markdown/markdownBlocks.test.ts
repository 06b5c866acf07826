// Model cards as a closed tree: the shipped paper model's real card parses into headings, tables, lists and code;
// hostile markdown (raw HTML, script, javascript: links, images, entities) comes out as text, never as markup.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeEntities, markdownBlocks, type Block, type Inline } from './markdownBlocks'

const plain = (runs: readonly Inline[]): string =>
  runs
    .map((r) =>
      r.kind === 'text' || r.kind === 'code' ? r.text : r.kind === 'br' ? '\n' : plain(r.children),
    )
    .join('')

describe('markdown blocks', () => {
  it("parses the shipped paper model's card: headings, tables, lists, code", () => {
    const card = readFileSync(
      join(import.meta.dirname, '../../../../resources/models/starter-paper/model-card.md'),
      'utf8',
    )
    const blocks = markdownBlocks(card)
    const headings = blocks.filter((b) => b.kind === 'heading')
    expect(headings[0]).toMatchObject({ level: 1 })
    expect(plain((headings[0] as Extract<Block, { kind: 'heading' }>).children)).toMatch(/^Model card/)
    expect(headings.map((h) => plain((h as Extract<Block, { kind: 'heading' }>).children))).toEqual(
      expect.arrayContaining(['Data and licences', 'Known limitations']),
    )
    const tables = blocks.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table')
    expect(tables.length).toBeGreaterThanOrEqual(5)
    expect(plain(tables[0].header[0])).toBe('split')
    expect(tables[0].rows.length).toBe(3)
    expect(blocks.some((b) => b.kind === 'list')).toBe(true)
    expect(blocks.some((b) => b.kind === 'code' && b.text.includes('npm run train:starter'))).toBe(true)
  })

  it('keeps raw HTML, scripts, javascript: links and images as visible text', () => {
    const md = [
      '# Hi <img src=x onerror=alert(1)>',
      '',
      '<script>alert("block")</script>',
      '',
      'A [click](javascript:alert(1)) and ![pic](http://x/y.png "t") and <b onclick="x()">bold</b>.',
      '',
      '| a | <i>b</i> |',
      '|---|---|',
      '| `<code>` | &lt;tag&gt; &amp; &#x263A; |',
    ].join('\n')
    const blocks = markdownBlocks(md)
    const json = JSON.stringify(blocks)
    // Nothing but our own kinds: no 'html' (or any other marked) token survives.
    const kinds = new Set<string>()
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk)
      else if (x && typeof x === 'object') {
        const k = (x as { kind?: unknown }).kind
        if (typeof k === 'string') kinds.add(k)
        Object.values(x).forEach(walk)
      }
    }
    walk(blocks)
    for (const k of kinds)
      expect(['heading', 'paragraph', 'table', 'text', 'link', 'code', 'strong', 'em']).toContain(k)
    const heading = blocks[0] as Extract<Block, { kind: 'heading' }>
    expect(plain(heading.children)).toBe('Hi <img src=x onerror=alert(1)>')
    expect(blocks[1]).toEqual({
      kind: 'paragraph',
      children: [{ kind: 'text', text: '<script>alert("block")</script>' }],
    })
    const para = blocks[2] as Extract<Block, { kind: 'paragraph' }>
    expect(plain(para.children)).toBe('A click and [image: pic] and <b onclick="x()">bold</b>.')
    expect(para.children.find((r) => r.kind === 'link')).toMatchObject({ href: 'javascript:alert(1)' })
    const table = blocks[3] as Extract<Block, { kind: 'table' }>
    expect(plain(table.header[1])).toBe('<i>b</i>')
    expect(table.rows[0].map(plain)).toEqual(['<code>', '<tag> & ☺'])
    expect(json).not.toMatch(/"type"/)
  })

  it('decodes character references only into text, leaving unknown ones as written', () => {
    expect(decodeEntities('&lt;a&gt; &amp;amp; &#65;&#x42; &bogus; &#xD800; &#0;')).toBe(
      '<a> &amp; AB &bogus; &#xD800; &#0;',
    )
  })
})
