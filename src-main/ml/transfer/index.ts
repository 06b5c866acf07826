// Runs that travel: `.crnnrun` export and import (format.ts documents the file).
export { exportRunArchive, type ExportOptions, type ExportResult } from './exportRun'
export { importRunArchive, type ImportOptions, type ImportResult } from './importRun'
export { ARCHIVE_EXT, RunArchiveError } from './format'
