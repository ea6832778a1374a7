// Accessibility, measured: axe-core (WCAG 2.1 A and AA, and its best practices) on
// every main page, as the public, an editor and a conference secretary see them; and
// posting a comment with the keyboard alone. Serious and critical violations fail.
//
// axe is injected into the page, so these contexts bypass the site's CSP (which
// allows no inline script); everything else is the page as served.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BASE, TIMEOUT, launch } from './browser.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function context(login, locale = 'vi-VN') {
  const ctx = await browser.newContext({ locale, timezoneId: 'Asia/Ho_Chi_Minh', bypassCSP: true });
  ctx.setDefaultTimeout(TIMEOUT);
  const page = await ctx.newPage();
  if (login) {
    await page.goto(`${BASE}/login?next=/`);
    await page.getByLabel('Tên đăng nhập').fill(login);
    await page.getByLabel('Mật khẩu').fill('duthao-demo');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((u) => u.pathname === '/');
  }
  return { ctx, page };
}

/// The serious and critical violations on the page, one line each.
async function audit(page, name) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name} (${new URL(page.url()).pathname}): ${v.id} [${v.impact}] ${v.help}: ${v.nodes
      .slice(0, 4)
      .map((n) => n.target.join(' '))
      .join(' | ')}`);
}

/// The demo consultation's id, from the comment form of a draft page.
async function consultationId(page) {
  const url = await page.locator('form.comment-form[data-challenge]').first().getAttribute('data-challenge');
  return Number(url.match(/consultations\/(\d+)\//)[1]);
}

async function openDraft(page) {
  await page.goto(`${BASE}/`);
  await page.locator('.card').first().getByRole('heading', { level: 2 }).getByRole('link').click();
  await page.waitForURL(/\/dossiers\/\d+$/);
  await page.getByRole('table').getByRole('link', { name: /Quy định/ }).first().click();
  await page.waitForURL(/\/drafts\/\d+$/);
}

test('the main pages have no serious or critical accessibility violations', async () => {
  const found = [];
  const people = [];
  try {
    // The public: home, dossier, draft with its comment form open, receipt, look-up,
    // sign-in, the published synthesis.
    const citizen = await context(null);
    people.push(citizen);
    const { page } = citizen;
    await page.goto(`${BASE}/`);
    found.push(...(await audit(page, 'home')));
    await page.locator('.card').first().getByRole('heading', { level: 2 }).getByRole('link').click();
    await page.waitForURL(/\/dossiers\/\d+$/);
    found.push(...(await audit(page, 'dossier')));
    await page.getByRole('table').getByRole('link', { name: /Quy định/ }).first().click();
    await page.waitForURL(/\/drafts\/\d+$/);
    const consultation = await consultationId(page);
    const box = page.locator('details.comment-box').nth(1);
    await box.locator('summary').click();
    found.push(...(await audit(page, 'draft with comment form')));
    await box.getByLabel('Nội dung góp ý').fill('Đề nghị bổ sung quy định về thời hạn trả lời (kiểm tra trợ năng).');
    await box.getByRole('button', { name: 'Gửi góp ý' }).click();
    await page.waitForURL(/\/receipts\/DT-/);
    found.push(...(await audit(page, 'receipt')));
    await page.goto(`${BASE}/receipts`);
    found.push(...(await audit(page, 'receipt look-up')));
    await page.goto(`${BASE}/consultations/${consultation}/synthesis`);
    found.push(...(await audit(page, 'published synthesis')));
    await page.goto(`${BASE}/login`);
    found.push(...(await audit(page, 'sign-in')));

    // The home page in English (a browser that asks for it), with Vietnamese content
    // marked as such.
    const reviewer = await context(null, 'en-US');
    people.push(reviewer);
    await reviewer.page.goto(`${BASE}/`);
    assert.equal(await reviewer.page.locator('html').getAttribute('lang'), 'en');
    await reviewer.page.getByRole('heading', { level: 1, name: 'Drafts open for comment' }).waitFor();
    found.push(...(await audit(reviewer.page, 'home in English')));
    // A draft and its comment form, a comment sent and its receipt, all in English;
    // the proof-of-work script's messages come from the page, in English too.
    await openDraft(reviewer.page);
    assert.equal(await reviewer.page.locator('html').getAttribute('lang'), 'en');
    const englishBox = reviewer.page.locator('details.comment-box').nth(1);
    await englishBox.locator('summary').click();
    found.push(...(await audit(reviewer.page, 'draft with comment form in English')));
    await englishBox.getByLabel('Your comment').fill('Đề nghị làm rõ thời hạn (góp ý của người đọc bằng tiếng Anh).');
    await englishBox.getByRole('button', { name: 'Send comment' }).click();
    await reviewer.page.waitForURL(/\/receipts\/DT-/);
    await reviewer.page.getByRole('heading', { level: 1, name: 'Comment receipt' }).waitFor();
    found.push(...(await audit(reviewer.page, 'receipt in English')));

    // The editorial team: dashboard, comments, answer queue, report, statistics,
    // moderation, the chair's conference console.
    const editor = await context('bientap');
    people.push(editor);
    const pages = [
      ['editor dashboard', '/editor'],
      ['comment list', '/editor/comments'],
      ['answer queue', `/editor/consultations/${consultation}/answers`],
      ['report', `/editor/consultations/${consultation}/report`],
      ['statistics', `/editor/consultations/${consultation}/statistics`],
      ['moderation', `/editor/consultations/${consultation}/moderation`],
      ['conferences', '/conferences'],
      // The demo's first draft, the scheme, is a catalog of titles.
      ['catalog', '/editor/drafts/1/catalog'],
      ['table of equivalent positions', '/editor/drafts/1/catalog/equivalence'],
      ['catalog review', '/editor/drafts/1/catalog/review'],
    ];
    for (const [name, path] of pages) {
      await editor.page.goto(`${BASE}${path}`);
      found.push(...(await audit(editor.page, name)));
    }
    await editor.page.getByRole('link', { name: 'Thành phố Hà Nội' }).first().click();
    await editor.page.waitForURL(/\/catalog\/review\/\d+$/);
    found.push(...(await audit(editor.page, "one locality's list")));
    await editor.page.goto(`${BASE}/drafts/1`);
    found.push(...(await audit(editor.page, 'catalog draft reader')));
    await editor.page.goto(`${BASE}/conferences`);
    await editor.page.getByRole('link', { name: 'Điều hành hội nghị' }).first().click();
    await editor.page.waitForURL(/\/chair$/);
    found.push(...(await audit(editor.page, 'conference chair console')));

    // A connection point's secretary.
    const secretary = await context('thuky');
    people.push(secretary);
    await secretary.page.goto(`${BASE}/conferences`);
    await secretary.page.getByRole('link', { name: /^Thư ký:/ }).first().click();
    await secretary.page.waitForURL(/\/points\/\d+$/);
    found.push(...(await audit(secretary.page, 'connection point')));
  } finally {
    for (const p of people) await p.ctx.close();
  }
  assert.deepEqual(found, [], `accessibility violations:\n${found.join('\n')}`);
});

test('a comment can be posted with the keyboard alone', async () => {
  const { ctx, page } = await context(null);
  try {
    await openDraft(page);
    // No positive tabindex anywhere: the focus order is the reading order.
    assert.equal(await page.locator('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').count(), 0);
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {
          tag: el.tagName.toLowerCase(),
          text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
          name: el.getAttribute('name'),
          inComment: !!el.closest('details.comment-box'),
          provision: el.closest('section[id^="p-"]')?.querySelector('.label')?.textContent?.trim() ?? null,
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
    let now = await focused();
    assert.equal(now.text, 'Bỏ qua, đến nội dung chính', 'the first Tab reaches the skip link');
    assert.ok(now.outline, 'the focus is visible');
    await page.keyboard.press('Enter');
    // Tab to the comment disclosure of the first provision that has one.
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      now = await focused();
      if (now.tag === 'summary' && now.inComment && now.provision) break;
    }
    assert.equal(now.tag, 'summary', 'a comment disclosure is reachable by Tab');
    assert.ok(now.outline, 'the disclosure shows its focus');
    const provision = now.provision;
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    now = await focused();
    assert.equal(now.name, 'body', 'the text box follows the disclosure');
    const text = `Góp ý chỉ bằng bàn phím cho ${provision} (${Date.now().toString(36)}).`;
    await page.keyboard.type(text);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      now = await focused();
      if (now.tag === 'button' && now.text === 'Gửi góp ý') break;
    }
    assert.equal(now.text, 'Gửi góp ý', 'the send button follows the fields');
    assert.ok(now.outline, 'the button shows its focus');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/receipts\/DT-[^/?]+\?new=1$/);
    const body = await page.locator('article.receipt dd.body').textContent();
    assert.equal(body.trim(), text);
  } finally {
    await ctx.close();
  }
});
