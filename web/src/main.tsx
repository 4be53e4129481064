import './shared/styles.css'
import { render } from 'preact'
import { Shell } from './shared/ui.js'

/**
 * One entry for both pages: the gateway serves this document at /verify and /window, and each
 * page's code is a chunk of its own, so /verify never loads the window console (or the QR code).
 */
const page = location.pathname.startsWith('/window') ? 'window' : 'verify'
const { Page } = page === 'window' ? await import('./window/window-page.js').then((m) => ({ Page: m.WindowPage })) : await import('./verify/verify-page.js').then((m) => ({ Page: m.VerifyPage }))

render(
  <Shell page={page}>
    <Page />
  </Shell>,
  document.getElementById('app')!,
)
