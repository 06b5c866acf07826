// Side-effect module imported first by main.ts: served by `crnngan serve` (no preload), window.studio speaks to the
// server, and it must exist before any feature module is evaluated.
import { installWebStudio } from './webStudio'

installWebStudio()
