// The evaluation protocol (version 1): see protocol.ts and the README's engine › Evaluation protocol.
export { EVAL_PROTOCOL_VERSION, evaluateAgainst, evaluateProtocol, prepareReal } from './protocol'
export type { EvalReport, EvalOptions, OverlapRow, PaperMetricRow, RealReference } from './protocol'
export { concatWindows, generatedWindows, realWindows } from './sources'
export { reportMarkdown, reportText } from './format'
export { COMPONENT_KEYS, COMPONENT_LABELS, summaryScore } from './summary'
export type { ComponentKey, SummaryComponent, SummaryScore } from './summary'
export type { CellWindows } from './windows'
export { evaluationDto } from './dto'
