import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page, Request } from 'playwright-core'
import { creditCodeCheckChar, residentIdCheckChar } from '../../federation/index.js'
import { compromisedLicenceIds, sandboxSeed } from '../../sandbox/index.js'
import { verifyReceipt } from '../../signing/index.js'
import { issueToken } from '../../gateway/auth/issue-token.js'
import { testPki } from '../fixtures/gateway-harness.js'
import { browserSkipReason, collectErrors, launchBrowser, screenshot, seriousViolations, startWebGateway, type WebGateway } from '../fixtures/browser.js'

/**
 * /window in real headless Chromium against the sandbox gateway `npm start` runs: sign in at
 * a demo window, see the competent city before submitting, check materials as they are added,
 * submit, get a signed receipt whose QR code opens /verify, and watch the case's status
 * change without reloading.
 */
const skip = browserSkipReason('tests/web/window.e2e.ts')

const ENTERPRISE = '91510107MA6CD0001' + creditCodeCheckChar('91510107MA6CD0001')
const PERSON = '51142119900101123' + residentIdCheckChar('51142119900101123')
const seed = sandboxSeed()
const bad = new Set(compromisedLicenceIds(seed, '510100'))
const licence = seed.cities['510100']!.licences.find((l) => l.status === 'VALID' && l.type === '营业执照' && (l.validUntil === null || l.validUntil > '2028-01-01') && !bad.has(l.localId))!
const LICENCE_ID = `510100:${licence.localId}`
// Final states of the auto-progressing sandbox city; a case that reaches one no longer changes.
const CITY_STATES = ['ACCEPTED', 'IN_REVIEW', 'APPROVED', 'REFUSED', 'DENIED', 'RESULT_ISSUED']

describe.skipIf(skip)('/window in Chromium', () => {
  let web: WebGateway
  let browser: Browser

  beforeAll(async () => {
    // The sandbox cities move each case on every 1.5 s, as `npm start` does every 8 s.
    ;[web, browser] = await Promise.all([startWebGateway({ sandboxStepMs: 1500 }), launchBrowser()])
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await web?.stop()
  })

  async function signIn(width = 1280, window = 'MS-DP-01'): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } })
    const errors = collectErrors(page)
    await page.goto(`${web.origin}/window`)
    await page.getByRole('heading', { name: '窗口登录' }).waitFor()
    await page.getByLabel(new RegExp(`异地受理窗口 ${window}$`)).check()
    await page.getByRole('button', { name: '以所选窗口登录' }).click()
    await page.getByText(`窗口 ${window} · `).waitFor()
    return { page, errors }
  }

  async function pickMatter(page: Page, search: string, name: string) {
    await page.getByLabel('事项名称或编码').fill(search)
    await page.getByRole('button', { name: new RegExp(`^${name}`) }).click()
    await page.getByRole('button', { name: '更换事项' }).waitFor()
  }

  const competence = (page: Page) => page.locator('.competence')

  async function addCertificate(page: Page, name: string, id: string) {
    await page.getByLabel('材料名称').fill(name)
    await page.getByRole('radio', { name: '电子证照编号' }).check()
    await page.locator('#material-value').fill(id)
    await page.getByRole('button', { name: '添加并核验' }).click()
  }

  it('submits an application end to end: competence first, checked materials, a signed receipt, live status', async () => {
    const { page, errors } = await signIn()
    const sse: Request[] = []
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.headers().accept === 'text/event-stream') sse.push(r)
    })
    let navigations = 0
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations++
    })

    await pickMatter(page, '营业执照', '营业执照设立登记')
    // Before any fact is given, the page says which one is missing.
    await competence(page).getByText('还缺少以下信息').waitFor()
    expect(await competence(page).getByRole('link').allTextContents()).toEqual(['企业住所地'])
    await page.getByLabel('企业名称').fill('成都锦程商贸有限公司')
    await page.getByLabel('统一社会信用代码').fill(ENTERPRISE)
    await page.getByLabel('企业住所地').fill('510107')
    await competence(page).locator('[data-region="510100"]').waitFor()
    expect(await competence(page).innerText()).toContain('主管城市：成都市')
    expect(await competence(page).innerText()).toContain('按企业住所地确定：510107（成都市武侯区）属于成都市。')
    expect(await page.locator('.place-note').textContent()).toBe('= 成都市武侯区')

    // A licence, checked as it is added: the same verdict as /verify.
    await addCertificate(page, '营业执照', LICENCE_ID)
    const item = page.locator('.material-list li[data-material="营业执照"]')
    await item.locator('.verdict').waitFor()
    expect(await item.locator('.verdict').getAttribute('data-indication')).toBe('TOTAL_PASSED')
    expect(await item.locator('.verdict-reason').textContent()).toContain(`由${licence.authority}于`)
    // A file, by its digest computed in the browser.
    const file = Buffer.from('公司登记(备案)申请书 — 成都锦程商贸有限公司')
    await page.getByLabel('材料名称').fill('公司登记(备案)申请书')
    await page.getByLabel('文件（计算摘要）').check()
    await page.getByLabel('选择文件').setInputFiles({ name: 'application.pdf', mimeType: 'application/pdf', buffer: file })
    await page.getByRole('button', { name: '添加并核验' }).click()
    const digest = createHash('sha256').update(file).digest('hex')
    await page.getByText(`文件摘要 SHA-256：${digest}`).waitFor()

    await page.getByRole('button', { name: '提交申请，出具回执' }).click()
    const receipt = page.locator('section.receipt')
    await receipt.waitFor()
    const caseId = (await receipt.getAttribute('data-case-id'))!
    expect(caseId).toMatch(/^TB-[0-9A-HJKMNP-TV-Z]{26}$/)
    const facts = await receipt.locator('.facts').innerText()
    expect(facts).toContain(`办件编号\n${caseId}`)
    expect(facts).toContain('主管城市\n成都市')
    expect(facts).toContain('受理窗口\n眉山市 MS-DP-01')
    expect(facts).toContain(`营业执照 SHA-256`)
    expect(await receipt.locator('svg.qr path').count()).toBe(1)
    // The focus moves to the receipt, so a screen reader reads it next.
    expect(await page.evaluate('document.activeElement.id')).toBe('receipt-title')

    // The QR code and the link carry the signed receipt to /verify; it verifies with the gateway's published key.
    const href = (await page.locator('#open-receipt').getAttribute('href'))!
    expect(href.startsWith(`${web.origin}/verify#receipt=`)).toBe(true)
    const jws = href.slice(href.indexOf('=') + 1)
    const jwks = await (await fetch(`${web.origin}/.well-known/jwks.json`)).json()
    const report = await verifyReceipt(jws, jwks as never)
    expect(report.indication).toBe('TOTAL_PASSED')
    expect(report.payload).toMatchObject({ caseId, competentRegion: '510100', acceptingRegion: '511400', acceptingWindow: 'MS-DP-01', materials: [{ name: '营业执照' }, { name: '公司登记(备案)申请书', digest }] })
    await screenshot(page, 'window-submitted-1280')

    // The case is in the window's list, and its status changes stream in without reloading.
    const row = page.locator(`.case-list li[data-case-id="${caseId}"]`)
    await row.waitFor()
    await page.waitForFunction(
      ([id, states]) => states.includes(document.querySelector(`.case-list li[data-case-id="${id}"]`)?.getAttribute('data-state') ?? ''),
      [caseId, CITY_STATES] as const,
      { timeout: 45_000 },
    )
    const state = (await row.getAttribute('data-state'))!
    expect(CITY_STATES).toContain(state)
    expect(await row.locator('.state').textContent()).toBe({ ACCEPTED: '已受理', IN_REVIEW: '审查中', APPROVED: '准予许可', REFUSED: '不予受理', DENIED: '不予许可', RESULT_ISSUED: '已出证' }[state])
    expect(sse.some((r) => r.postData()?.includes('caseUpdated') && r.postData()?.includes(caseId))).toBe(true)
    expect(navigations).toBe(0)
    // The change was announced to screen readers.
    expect(await page.locator('.cases [role="status"]').textContent()).toContain(`办件 ${caseId} 状态更新`)
    expect(errors).toEqual([])

    // Opening the receipt's address shows a green receipt verdict on /verify.
    const verify = await browser.newPage()
    await verify.goto(href)
    const v = verify.locator('#result .verdict')
    await v.waitFor()
    expect(await v.getAttribute('data-indication')).toBe('TOTAL_PASSED')
    expect(await v.locator('.verdict-title').textContent()).toBe('受理回执真实有效')
    expect(await v.locator('.facts').innerText()).toContain(`办件编号\n${caseId}`)
    // One changed character in the receipt's signed content turns it red.
    const [h, b, s] = jws.split('.')
    const forged = Buffer.from(Buffer.from(b!, 'base64url').toString('utf8').replace('"competentRegion":"510100"', '"competentRegion":"511400"')).toString('base64url')
    await verify.goto(`${web.origin}/verify#receipt=${h}.${forged}.${s}`)
    await verify.reload()
    await verify.locator('#result .verdict[data-indication="TOTAL_FAILED"]').waitFor()
    await verify.close()
    await page.close()
  })

  it('shows refusals in words at the field they concern, and materials that fail as red', async () => {
    const { page, errors } = await signIn()
    await pickMatter(page, 'TB-SCJG-001', '营业执照设立登记')
    await page.getByLabel('企业名称').fill('成都锦程商贸有限公司')
    const wrong = ENTERPRISE.slice(0, 17) + (ENTERPRISE[17] === '0' ? '1' : '0')
    await page.getByLabel('统一社会信用代码').fill(wrong)
    await page.getByLabel('企业住所地').fill('510107')
    await page.getByRole('button', { name: '提交申请，出具回执' }).click()
    const summary = page.locator('#error-summary')
    await summary.waitFor()
    expect(await page.evaluate('document.activeElement.id')).toBe('error-summary')
    expect(await summary.innerText()).toContain('证件号码不正确')
    expect(await page.getByLabel('统一社会信用代码').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#field-idNumber-error').textContent()).toMatch(/^证件号码不正确/)
    // The summary's link takes the clerk to the field.
    await summary.getByRole('link').click()
    expect(await page.evaluate('document.activeElement.id')).toBe('field-idNumber')

    // A forged licence is red the moment it is added, and the gateway refuses it by name.
    await page.getByLabel('统一社会信用代码').fill(ENTERPRISE)
    await addCertificate(page, '营业执照', LICENCE_ID)
    await page.getByLabel('材料名称').fill('住所使用证明')
    await page.getByLabel('粘贴的签名（JWS）').check()
    await page.locator('#material-value').fill('eyJhbGciOiJFUzI1NiJ9.eyJ4IjoxfQ.AAAA')
    await page.getByRole('button', { name: '添加并核验' }).click()
    const forged = page.locator('.material-list li[data-material="住所使用证明"]')
    await forged.locator('.verdict').waitFor()
    expect(await forged.locator('.verdict').getAttribute('data-indication')).not.toBe('TOTAL_PASSED')
    expect(await forged.innerText()).toContain('此材料未通过核验')
    await page.locator('.material-list li[data-material="营业执照"] .verdict[data-indication="TOTAL_PASSED"]').waitFor()
    await page.getByRole('button', { name: '提交申请，出具回执' }).click()
    await page.locator('#error-summary').getByText('有 1 份材料未通过核验').waitFor()
    expect(await forged.locator('.error-text').first().textContent()).toMatch(/^“住所使用证明”：/)
    await page.locator('#error-summary').getByRole('link').click()
    expect(await page.evaluate('document.activeElement.id')).toBe('field-materials-1')
    expect(await page.locator('section.receipt').count()).toBe(0)
    await screenshot(page, 'window-errors-1280')
    expect(await seriousViolations(page)).toEqual([])
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([])
    await page.close()
  })

  it('signs a clerk in with their own token, refuses anything else, and signs out', async () => {
    const page = await browser.newPage()
    await page.goto(`${web.origin}/window`)
    await page.getByText('使用本人的窗口令牌').click()
    await page.getByLabel('窗口令牌（JWT）').fill('not-a-token')
    await page.getByRole('button', { name: '登录', exact: true }).click()
    expect(await page.locator('#window-token-error').textContent()).toBe('这不是有效的窗口人员令牌。')
    const idp = (await testPki()).cities.get('512000')!.identity
    const token = await issueToken({ ...idp, subject: 'clerk@ZY-AY-07', claim: { role: 'window-clerk', region: '512000', window: 'ZY-AY-07' } })
    await page.getByLabel('窗口令牌（JWT）').fill(token)
    await page.getByRole('button', { name: '登录', exact: true }).click()
    await page.getByText('窗口 ZY-AY-07 · 资阳市').waitFor()
    // The gateway accepts it: the (empty) case list of that window loads.
    await page.getByText('本窗口还没有办件。').waitFor()
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.getByRole('heading', { name: '窗口登录' }).waitFor()
    await page.close()
  })

  it('decides 多地联办 step by step, and names every city before submitting', async () => {
    const { page } = await signIn(1280, 'DY-JY-02')
    await pickMatter(page, '户口', '户口迁移')
    await page.getByLabel('姓名').fill('李强')
    await page.getByLabel('居民身份证号码').fill(PERSON)
    await page.getByLabel('户籍所在地').fill('511421')
    await competence(page).getByRole('link', { name: '居住地' }).waitFor()
    await page.getByLabel('居住地').fill('510107')
    await competence(page).locator('[data-region="511400"]').waitFor()
    expect(await competence(page).locator('ol.steps').innerText()).toBe('第 1 步 迁出(迁出地公安机关) → 眉山市\n第 2 步 迁入(迁入地公安机关) → 成都市')
    // A former code is understood and explained: 512081 was 简阳 under Ziyang, now 510185 under Chengdu.
    await page.getByLabel('居住地').fill('512081')
    await competence(page).getByText('第 2 步 迁入(迁入地公安机关) → 成都市').waitFor()
    expect(await page.locator('.place-note').last().textContent()).toBe('= 成都市简阳市')
    await page.close()
  })

  it('keeps the sign-in page, the form and the receipt accessible, and works at 360 px', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } })
    await page.goto(`${web.origin}/window`)
    await page.getByRole('heading', { name: '窗口登录' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'window-sign-in-360')
    await page.close()

    for (const width of [1280, 360]) {
      const { page: p } = await signIn(width, 'CD-WH-03')
      await pickMatter(p, '异地就医', '异地就医备案')
      await p.getByLabel('姓名').fill('王芳')
      await p.getByLabel('居民身份证号码').fill(PERSON)
      await p.getByLabel('参保地').fill('511402')
      await competence(p).locator('[data-region="511400"]').waitFor()
      await addCertificate(p, '社会保障卡', LICENCE_ID)
      await p.locator('.material-list .verdict').waitFor()
      expect(await p.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0)
      expect(await seriousViolations(p)).toEqual([])
      await screenshot(p, `window-${width}`)
      await p.getByRole('button', { name: '提交申请，出具回执' }).click()
      await p.locator('section.receipt').waitFor()
      expect(await p.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0)
      expect(await seriousViolations(p)).toEqual([])
      await screenshot(p, `window-receipt-${width}`)
      await p.close()
    }
  })
})
