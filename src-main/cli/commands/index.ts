// Registry of CLI commands. Each command lives in its own module; add one line here per command.
import type { Command } from '../main'

export const commands: Record<string, Command> = {}
