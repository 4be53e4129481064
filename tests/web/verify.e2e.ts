import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { compromisedLicenceIds, sandboxSeed } from '../../sandbox/index.js'
import { browserSkipReason, collectErrors, launchBrowser, screenshot, seriousViolations, startWebGateway, type WebGateway } from '../fixtures/browser.js'
import { issueToken } from '../../gateway/auth/issue-token.js'
import { testPki } from '../fixtures/gateway-harness.js'

/**
 * /verify in real headless Chromium against the sandbox gateway `npm start` runs: a genuine
 * licence is green with who issued it and until when; tampered material is red with the
 * reason; the page works in English, at 360 px, and passes axe.
 */
const skip = browserSkipReason('tests/web/verify.e2e.ts')

const seed = sandboxSeed()
const compromised = (code: string) => new Set(compromisedLicenceIds(seed, code))
// A Deyang food licence with an end date: "issued by 德阳市市场监督管理局 … valid until …".
const licence = seed.cities['510600']!.licences.find((l) => l.status === 'VALID' && l.validUntil !== null && l.validUntil > '2028-01-01' && !compromised('510600').has(l.localId))!
const LICENCE_ID = `510600:${licence.localId}`
const zhDate = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`

describe.skipIf(skip)('/verify in Chromium', () => {
  let web: WebGateway
  let browser: Browser
  let signed: { data: string; jws: string; cms: string; seal: string }

  beforeAll(async () => {
    ;[web, browser] = await Promise.all([startWebGateway(), launchBrowser()])
    // The signed forms, as a window clerk may read them (the public sees a masked record).
    const idp = (await testPki()).cities.get('510100')!.identity
    const token = await issueToken({ ...idp, subject: 'clerk@CD-WH-03', claim: { role: 'window-clerk', region: '510100', window: 'CD-WH-03' } })
    const res = await fetch(`${web.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query($id: ID!) { certificate(id: $id) { signed { data jws cms seal } } }', variables: { id: LICENCE_ID } }),
    })
    signed = ((await res.json()) as { data: { certificate: { signed: typeof signed } } }).data.certificate.signed
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await web?.stop()
  })

  async function open(width = 1280): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } })
    const errors = collectErrors(page)
    await page.goto(`${web.origin}/verify`)
    await page.getByRole('heading', { level: 1, name: '证照与印章核验' }).waitFor()
    return { page, errors }
  }

  const verdict = (page: Page) => page.locator('#result .verdict')

  async function checkByNumber(page: Page, id: string) {
    await page.getByLabel('证照编号', { exact: true }).check()
    await page.getByLabel('电子证照编号').fill(id)
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await verdict(page).waitFor()
  }

  async function checkPasted(page: Page, jws: string) {
    await page.getByLabel('粘贴签名（JWS 或受理回执）').check()
    await page.getByLabel('签名内容').fill(jws)
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await verdict(page).waitFor()
  }

  it('a genuine licence by number is green: issued by whom, where, until when, and its seal', async () => {
    const { page, errors } = await open()
    await checkByNumber(page, LICENCE_ID)
    const v = verdict(page)
    expect(await v.getAttribute('data-indication')).toBe('TOTAL_PASSED')
    expect(await v.locator('.verdict-title').textContent()).toBe('验证通过')
    expect(await v.locator('.verdict-reason').textContent()).toBe(
      `这份${licence.type}由${licence.authority}于 ${zhDate(licence.issuedOn)} 签发，有效期至 ${zhDate(licence.validUntil!)}。`,
    )
    const facts = await v.locator('.facts').innerText()
    expect(facts).toContain('签发地区\n德阳市')
    expect(facts).toContain(`签发机关\n${licence.authority}`)
    expect(facts).toMatch(/电子印章\n德阳市.*专用章（51060000000001）/)
    expect(facts).toContain('印章有效期\n2015年1月1日 00:00 至 2040年12月31日 23:59')
    // The verdict is announced: it sits in the polite live region.
    expect(await page.locator('#result').getAttribute('aria-live')).toBe('polite')
    // The checks are there for experts, folded away.
    const expert = v.locator('details.expert')
    expect(await expert.getAttribute('open')).toBeNull()
    await expert.locator('summary').click()
    const rows = expert.locator('table.checks tbody tr')
    expect(await rows.count()).toBeGreaterThan(6)
    expect(await expert.locator('table.checks tr.bad').count()).toBe(0)
    expect(await expert.innerText()).toMatch(/JWS: TOTAL_PASSED[\s\S]*CMS: TOTAL_PASSED[\s\S]*电子印章: TOTAL_PASSED/)
    expect(errors).toEqual([])
    await page.close()
  })

  it('a JWS with one changed claim is red (the signature does not verify), while the genuine one is green', async () => {
    const { page, errors } = await open()
    await checkPasted(page, signed.jws)
    expect(await verdict(page).getAttribute('data-indication')).toBe('TOTAL_PASSED')

    const [head, body, sig] = signed.jws.split('.')
    const claims = Buffer.from(body!, 'base64url').toString('utf8')
    const forged = claims.replace(`"validUntil":"${licence.validUntil}"`, '"validUntil":"2099-12-31"')
    expect(forged).not.toBe(claims)
    await checkPasted(page, `${head}.${Buffer.from(forged).toString('base64url')}.${sig}`)
    const v = verdict(page)
    await v.and(page.locator('[data-indication="TOTAL_FAILED"]')).waitFor()
    expect(await v.locator('.verdict-title').textContent()).toBe('验证失败')
    expect(await v.locator('.verdict-reason').textContent()).toBe('签名无法验证：内容或签名已被篡改。')
    await v.locator('details.expert summary').click()
    expect(await v.locator('details.expert').innerText()).toContain('SIG_CRYPTO_FAILURE')
    expect(await v.locator('table.checks tr.bad').count()).toBeGreaterThan(0)
    await screenshot(page, 'verify-tampered-1280')
    expect(errors).toEqual([])
    await page.close()
  })

  it('files: a CMS signature with its data is green; the data changed after signing is red (HASH_FAILURE)', async () => {
    const { page, errors } = await open()
    await page.getByLabel('上传文件').check()
    const data = Buffer.from(signed.data, 'base64')
    const cms = Buffer.from(signed.cms, 'base64')
    const chooser = page.getByLabel('选择文件')
    await chooser.setInputFiles([
      { name: 'licence.p7s', mimeType: 'application/pkcs7-signature', buffer: cms },
      { name: 'licence.json', mimeType: 'application/json', buffer: data },
    ])
    // Each file's role was recognised from its name and bytes.
    await page.locator('.file-list li').nth(1).waitFor()
    const roles = page.locator('.file-list select')
    expect([await roles.nth(0).inputValue(), await roles.nth(1).inputValue()]).toEqual(['cms', 'data'])
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await verdict(page).waitFor()
    expect(await verdict(page).getAttribute('data-indication')).toBe('TOTAL_PASSED')

    await page.getByRole('button', { name: '移除 licence.json' }).click()
    const changed = Buffer.from(data.toString('utf8').replace(licence.holderName, '张三'))
    await chooser.setInputFiles([{ name: 'licence.json', mimeType: 'application/json', buffer: changed }])
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await page.locator('#result .verdict[data-indication="TOTAL_FAILED"]').waitFor()
    expect(await verdict(page).locator('.verdict-reason').textContent()).toBe('内容在签名之后被改动过，与签名不符。')
    expect(errors).toEqual([])
    await page.close()
  })

  it('a licence signed after its signing key was revoked is red and says since when', async () => {
    const { page } = await open()
    const [localId] = compromisedLicenceIds(seed, '510100')
    await checkByNumber(page, `510100:${localId}`)
    const v = verdict(page)
    expect(await v.getAttribute('data-indication')).toBe('TOTAL_FAILED')
    expect(await v.locator('.verdict-reason').textContent()).toMatch(/^签名证书已于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d 被撤销，此后的签名无效。$/)
    await page.close()
  })

  it('explains a malformed number without asking the gateway, and an unknown one with its answer', async () => {
    const { page } = await open()
    await page.getByLabel('电子证照编号').fill('DYZZ2026000200')
    await page.getByRole('button', { name: '核验', exact: true }).click()
    expect(await page.locator('#certificate-number-error').textContent()).toMatch(/地区代码/)
    expect(await page.getByLabel('电子证照编号').getAttribute('aria-invalid')).toBe('true')
    await page.getByLabel('电子证照编号').fill('510600:NOPE')
    await page.getByRole('button', { name: '核验', exact: true }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toBe('编号格式不正确，或签发地区没有这份证照。')
    await page.close()
  })

  it('switches to English, large type and high contrast, and remembers them', async () => {
    const { page } = await open()
    await checkByNumber(page, LICENCE_ID)
    await page.getByRole('button', { name: 'Switch to English' }).click()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await verdict(page).locator('.verdict-title').textContent()).toBe('Genuine')
    expect(await verdict(page).locator('.verdict-reason').textContent()).toBe(
      `This ${licence.type} was issued by ${licence.authority} (德阳市) on ${licence.issuedOn} and is valid until ${licence.validUntil}.`,
    )
    await page.getByRole('button', { name: 'Large text' }).click()
    expect(await page.getByRole('button', { name: 'Large text' }).getAttribute('aria-pressed')).toBe('true')
    expect(await page.evaluate('getComputedStyle(document.documentElement).fontSize')).toBe('21px')
    await page.getByRole('button', { name: 'High contrast' }).click()
    expect(await page.evaluate(`document.documentElement.classList.contains('contrast')`)).toBe(true)
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Check a certificate or seal' }).waitFor()
    expect(await page.evaluate('getComputedStyle(document.documentElement).fontSize')).toBe('21px')
    await page.getByRole('button', { name: '切换到中文' }).click()
    await page.getByRole('button', { name: '大字' }).click()
    await page.getByRole('button', { name: '高对比度' }).click()
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
    await page.close()
  })

  it('has no serious or critical accessibility violations, in either language and in high contrast', async () => {
    const { page } = await open()
    expect(await seriousViolations(page)).toEqual([])
    await checkByNumber(page, LICENCE_ID)
    await verdict(page).locator('details.expert summary').click()
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await page.getByRole('button', { name: 'High contrast' }).click()
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: '切换到中文' }).click()
    await page.getByRole('button', { name: '高对比度' }).click()
    await page.close()
  })

  it('can be used with the keyboard alone', async () => {
    const { page } = await open()
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.textContent')).toBe('跳到主要内容')
    await page.keyboard.press('Enter')
    // From the skip link to the form: the method choice, then the number field, then the button.
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.value')).toBe('number')
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.id')).toBe('certificate-number')
    await page.keyboard.type(LICENCE_ID)
    await page.keyboard.press('Enter')
    await verdict(page).waitFor()
    expect(await verdict(page).getAttribute('data-indication')).toBe('TOTAL_PASSED')
    await page.close()
  })

  it('screenshots at desktop and phone width', async () => {
    for (const width of [1280, 360]) {
      const { page } = await open(width)
      await checkByNumber(page, LICENCE_ID)
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')
      expect(overflow).toBe(0)
      await screenshot(page, `verify-${width}`)
      await page.close()
    }
  })
})
