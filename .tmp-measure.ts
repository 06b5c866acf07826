import { openStudio } from './tests/e2e/support/harness'
const studio = await openStudio()
try {
  const page = studio.page
  await page.getByTestId('nav-compose').click()
  await page.getByTestId('piano-roll').waitFor()
  const r = await page.evaluate(() => {
    const out: string[] = []
    const hdr = document.querySelector('[data-testid="piano-roll"] > header')!
    out.push(`header ${hdr.getBoundingClientRect().width} scroll ${hdr.scrollWidth}`)
    for (const c of hdr.children) out.push(`  ${c.className} ${Math.round(c.getBoundingClientRect().width)}`)
    const bar = hdr.querySelector('.bar')!
    for (const c of bar.children) out.push(`    bar> ${c.getAttribute('aria-label')} ${Math.round(c.getBoundingClientRect().width)}`)
    const tr = hdr.querySelector('.transport')!
    for (const c of tr.children) out.push(`    tr> ${c.textContent} ${Math.round(c.getBoundingClientRect().width)}`)
    return out.join('\n')
  })
  console.log(r)
  await page.screenshot({ path: '/tmp/ui/compose.png' })
} finally {
  await studio.close()
}
