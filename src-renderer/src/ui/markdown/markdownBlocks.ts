// Markdown (a model card) as a small closed tree of blocks and inline runs, for Markdown.svelte to render with plain
// elements and text nodes only. marked's lexer does the parsing; raw HTML in the source stays visible text, links
// keep only their text and address (nothing navigates), images become their alt text: no input can inject markup.
import { Lexer, type Token, type Tokens } from 'marked'

/** A run of inline content. */
export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'strong' | 'em' | 'del'; readonly children: readonly Inline[] }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'link'; readonly href: string; readonly children: readonly Inline[] }
  | { readonly kind: 'br' }

/** A block of the document. */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly children: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly children: readonly Inline[] }
  | {
      readonly kind: 'list'
      readonly ordered: boolean
      readonly start: number
      readonly items: readonly (readonly Block[])[]
    }
  | {
      readonly kind: 'table'
      readonly align: readonly ('left' | 'right' | 'center' | null)[]
      readonly header: readonly (readonly Inline[])[]
      readonly rows: readonly (readonly (readonly Inline[])[])[]
    }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'quote'; readonly children: readonly Block[] }
  | { readonly kind: 'rule' }

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  copy: '©',
}

/** Text with the character references marked leaves in it decoded (the result is only ever used as text). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
      ? String.fromCodePoint(code)
      : whole
  })
}

const text = (t: string): Inline => ({ kind: 'text', text: decodeEntities(t) })

function inlines(tokens: readonly Token[] | undefined): Inline[] {
  const out: Inline[] = []
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong':
      case 'em':
      case 'del':
        out.push({ kind: t.type, children: inlines((t as Tokens.Strong).tokens) })
        break
      case 'codespan':
        out.push({ kind: 'code', text: decodeEntities((t as Tokens.Codespan).text) })
        break
      case 'link':
        out.push({
          kind: 'link',
          href: (t as Tokens.Link).href,
          children: inlines((t as Tokens.Link).tokens),
        })
        break
      case 'image':
        out.push(text(`[image: ${(t as Tokens.Image).text}]`))
        break
      case 'br':
        out.push({ kind: 'br' })
        break
      case 'text': {
        const nested = (t as Tokens.Text).tokens
        out.push(...(nested?.length ? inlines(nested) : [text((t as Tokens.Text).text)]))
        break
      }
      case 'escape':
        out.push({ kind: 'text', text: (t as Tokens.Escape).text })
        break
      default:
        // Raw HTML and anything unknown: shown as the source text it was.
        out.push({ kind: 'text', text: t.raw })
    }
  }
  return out
}

function blocks(tokens: readonly Token[]): Block[] {
  const out: Block[] = []
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        break
      case 'heading': {
        const h = t as Tokens.Heading
        const level = Math.min(6, Math.max(1, h.depth)) as 1 | 2 | 3 | 4 | 5 | 6
        out.push({ kind: 'heading', level, children: inlines(h.tokens) })
        break
      }
      case 'paragraph':
        out.push({ kind: 'paragraph', children: inlines((t as Tokens.Paragraph).tokens) })
        break
      case 'text': {
        // A tight list item's text: a paragraph without the gap.
        const tt = t as Tokens.Text
        out.push({ kind: 'paragraph', children: tt.tokens?.length ? inlines(tt.tokens) : [text(tt.text)] })
        break
      }
      case 'list': {
        const l = t as Tokens.List
        const start = typeof l.start === 'number' ? l.start : 1
        out.push({ kind: 'list', ordered: l.ordered, start, items: l.items.map((i) => blocks(i.tokens)) })
        break
      }
      case 'table': {
        const tb = t as Tokens.Table
        out.push({
          kind: 'table',
          align: tb.align,
          header: tb.header.map((c) => inlines(c.tokens)),
          rows: tb.rows.map((r) => r.map((c) => inlines(c.tokens))),
        })
        break
      }
      case 'code':
        out.push({ kind: 'code', text: (t as Tokens.Code).text })
        break
      case 'blockquote':
        out.push({ kind: 'quote', children: blocks((t as Tokens.Blockquote).tokens) })
        break
      case 'hr':
        out.push({ kind: 'rule' })
        break
      default:
        // Raw HTML blocks and anything unknown: their source, as a paragraph of text.
        if (t.raw.trim()) out.push({ kind: 'paragraph', children: [{ kind: 'text', text: t.raw.trim() }] })
    }
  }
  return out
}

/** The blocks of a markdown document (GitHub-flavoured: tables, strikethrough). */
export function markdownBlocks(markdown: string): Block[] {
  return blocks(new Lexer({ gfm: true }).lex(markdown))
}
