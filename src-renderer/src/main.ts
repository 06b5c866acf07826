// Renderer entry: global styles and the app shell. `window.studio` comes from the preload, the served studio's
// client (lib/web, installed first when the page comes from `crnngan serve`) or the test bridge.
import './lib/web/install'
import { mount } from 'svelte'
import App from './App.svelte'
import './ui/theme.css'

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element')

export default mount(App, { target })
