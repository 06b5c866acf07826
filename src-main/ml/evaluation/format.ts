// The protocol report as tables: aligned plain text for `crnngan evaluate`, markdown for model cards.
import { DISTRIBUTIONS, type DistributionName } from '../../common/metrics/distributions'
import type { EvalReport } from './protocol'

/** One table of the report. */
interface Section {
  readonly title: string
  readonly header: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

const OVERLAP_NAMES: Readonly<Record<DistributionName, string>> = {
  pitchClasses: 'pitch classes (key-normalised)',
  intervals: 'melodic intervals',
  interOnset: 'inter-onset intervals',
  lengths: 'note lengths',
  velocities: 'velocities',
}

/** A number for a table: NaN/null as '-', |x| ≥ 10 with 1 decimal, smaller with 3. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-'
  if (Number.isInteger(x)) return String(x)
  return x.toFixed(Math.abs(x) >= 10 ? 1 : 3)
}

/** The report's sections in reading order. */
function sections(r: EvalReport): Section[] {
  const d = r.discriminative
  return [
    {
      title: `paper metrics: ${r.paperMetrics.inside} of ${r.paperMetrics.of} generated means inside the real p10–p90`,
      header: ['metric', 'generated mean', 'real p10 / p50 / p90', 'inside?', 'band score'],
      rows: r.paperMetrics.rows.map((m) => [
        m.metric,
        fmt(m.generatedMean),
        `${fmt(m.real.p10)} / ${fmt(m.real.p50)} / ${fmt(m.real.p90)}`,
        m.inside ? 'yes' : 'no',
        fmt(m.bandScore),
      ]),
    },
    {
      title: 'distribution overlaps (Σ min(p, q); ceiling = two halves of the real windows)',
      header: ['overlap', 'value', 'ceiling', 'ratio'],
      rows: DISTRIBUTIONS.map((k) => {
        const o = r.overlaps[k]
        return [OVERLAP_NAMES[k], fmt(o.value), fmt(o.ceiling), fmt(o.ratio)]
      }),
    },
    {
      title: 'notes and velocity',
      header: ['', 'generated', 'real'],
      rows: [
        ['kept notes per event', fmt(r.keptNotes.generated), fmt(r.keptNotes.real)],
        [
          'velocity p10 / p50 / p90',
          `${fmt(r.velocity.generated.p10)} / ${fmt(r.velocity.generated.p50)} / ${fmt(r.velocity.generated.p90)}`,
          `${fmt(r.velocity.real.p10)} / ${fmt(r.velocity.real.p50)} / ${fmt(r.velocity.real.p90)}`,
        ],
        ['median velocity inside real p10–p90', r.velocity.medianInsideRealBand ? 'yes' : 'no', ''],
        [
          'notes (empty windows)',
          `${r.generated.notes} (${r.generated.emptyWindows})`,
          `${r.real.notes} (${r.real.emptyWindows})`,
        ],
      ],
    },
    {
      title: 'discriminative score |accuracy − 0.5| (0 = indistinguishable, 0.5 = always told apart)',
      header: ['score', 'accuracy', 'windows per side', 'folds'],
      rows: [[fmt(d.score), fmt(d.accuracy), String(d.perSide), String(d.folds)]],
    },
    {
      title: 'diversity',
      header: ['distinct samples', 'of', 'fraction'],
      rows: [[String(r.diversity.distinct), String(r.diversity.samples), fmt(r.diversity.fraction)]],
    },
    {
      title: `SUMMARY ${fmt(r.summary.score)} (mean of the components; 1 = like the real data)`,
      header: ['component', 'value'],
      rows: r.summary.components.map((c) => [c.label, fmt(c.value)]),
    },
  ]
}

/** First line of either rendering: what was compared. */
function caption(r: EvalReport): string {
  return (
    `evaluation protocol v${r.version}: ${r.generated.windows} generated windows of ${r.generated.length} events ` +
    `(pitch ${r.generated.pitchMode}) vs ${r.real.windows} real windows of ${r.real.length}, K = ${r.tonesPerCell}, ` +
    `seed ${r.seed}`
  )
}

/** Aligned plain-text tables. */
export function reportText(r: EvalReport): string {
  const out = [caption(r)]
  for (const s of sections(r)) {
    const widths = s.header.map((h, c) => Math.max(h.length, ...s.rows.map((row) => row[c]?.length ?? 0)))
    const line = (row: readonly string[]): string =>
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd()
    out.push('', s.title, line(s.header), ...s.rows.map(line))
  }
  return out.join('\n')
}

/** Markdown tables (for a model card). */
export function reportMarkdown(r: EvalReport): string {
  const out = [`${caption(r)}.`]
  const cell = (x: string): string => x.replace(/\|/g, '\\|')
  for (const s of sections(r)) {
    out.push(
      '',
      `**${s.title}**`,
      '',
      `| ${s.header.map(cell).join(' | ')} |`,
      `|${s.header.map(() => '---|').join('')}`,
      ...s.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    )
  }
  return out.join('\n')
}
