// JSON.parse that names its source: a bare SyntaxError ("Unexpected end of JSON input") says nothing about which of
// a run's or a library's many files is damaged.

/**
 * Parses `text` read from `source` (a file path, usually).
 * @throws Error `<source>: not valid JSON (<parser message>)`, with the SyntaxError as its cause.
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new Error(`${source}: not valid JSON (${text.length === 0 ? 'the file is empty' : why})`, {
      cause: err,
    })
  }
}
