// End-to-end journeys of a member of the public on the demo dossier, in Chromium.
// Needs a running `duthao serve --demo` at $DUTHAO_URL; `tests/browser/run` does it all.
//
// Locators are accessible ones (role, label, accessible name) wherever the page
// allows, so these tests also check that the pages are usable with a screen reader.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, BASE, TIMEOUT, launch } from './browser.mjs';

const RECEIPT_CODE = /^DT-[2-9A-HJKMNP-TW-Y]{4}-[2-9A-HJKMNP-TW-Y]{4}$/;

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/// One journey in a fresh browser context (no cookies). Every response with an
/// HTTP error status and every uncaught page error fails the journey; on failure a
/// screenshot goes to tests/browser/artifacts/.
function journey(name, fn) {
  test(name, async () => {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
    });
    try {
      await fn(page);
      assert.deepEqual(problems, [], 'no failed requests or page errors');
    } catch (err) {
      try {
        mkdirSync(ARTIFACTS, { recursive: true });
        const file = join(ARTIFACTS, `${name.replace(/[^\p{L}\p{N}]+/gu, '-')}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.error(`  screenshot: ${file} (at ${page.url()})`);
      } catch {
        /* the screenshot is best effort */
      }
      throw err;
    } finally {
      await context.close();
    }
  });
}

const path = (page) => new URL(page.url()).pathname;
const text = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/// The open demo consultation's card on the home page.
function openCard(page) {
  return page.getByRole('listitem').filter({ hasText: 'Hạn góp ý' }).first();
}

/// From the home page to the draft whose title contains "Quy định", by clicking.
async function openQuyDinhDraft(page) {
  await page.goto(`${BASE}/`);
  await openCard(page).getByRole('heading', { level: 2 }).getByRole('link').click();
  await page.waitForURL(/\/dossiers\/\d+$/);
  const drafts = page.getByRole('table');
  await drafts.waitFor();
  await drafts.getByRole('link', { name: /Quy định/ }).first().click();
  await page.waitForURL(/\/drafts\/\d+$/);
}

/// The section of one provision, found by its accessible name ("Điều 1. …").
function provision(page, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.locator('section[id^="p-"]').filter({
    has: page.locator('.label', { hasText: new RegExp(`^${escaped}\\.?$`) }),
  });
}

journey('home page shows the open demo consultation', async (page) => {
  const response = await page.goto(`${BASE}/`);
  assert.equal(response.status(), 200);
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  assert.match(await page.title(), /Duthao/);
  await page.getByRole('heading', { level: 1, name: 'Dự thảo đang lấy ý kiến' }).waitFor();

  const card = openCard(page);
  await card.waitFor();
  const link = card.getByRole('heading', { level: 2 }).getByRole('link');
  assert.equal(await link.count(), 1, 'the card heading is a link');
  assert.match(await link.getAttribute('href'), /^\/dossiers\/\d+$/);
  assert.match(await text(link), /^Hồ sơ lấy ý kiến/);

  const deadline = await text(card.locator('.deadline'));
  assert.match(deadline, /^Hạn góp ý: .*\b\d{2}\/\d{2}\/\d{4}\b/, `deadline line: ${deadline}`);
  const badge = await text(card.getByText(/^còn \d+ ngày$/));
  const days = Number(badge.match(/\d+/)[0]);
  assert.ok(days > 0, `days left ${days} > 0`);
  assert.match(await card.locator('time').getAttribute('datetime'), /^\d{4}-\d{2}-\d{2}/);
});

journey('reading a draft: home → dossier → draft with its provisions', async (page) => {
  await openQuyDinhDraft(page);

  const h1 = await text(page.getByRole('heading', { level: 1 }));
  assert.match(h1, /^Quy định về khuyến khích và bảo vệ cán bộ/);
  // The breadcrumb leads back to the dossier.
  const crumbs = page.getByRole('navigation', { name: 'Vị trí' });
  assert.match(await crumbs.getByRole('link').last().getAttribute('href'), /^\/dossiers\/\d+$/);

  assert.match(await text(page.locator('.meta .views')), /^\d+ lượt xem$/);

  // A chapter is a heading; an article is a provision section named by its label.
  await page.getByRole('heading', { name: /^Chương I\b(?!I|V)/ }).first().waitFor();
  for (const label of ['Chương I', 'Điều 1', 'Điều 2']) {
    const section = provision(page, label);
    assert.equal(await section.count(), 1, `exactly one provision ${label}`);
    const count = await text(section.locator('.prov-tools .count'));
    assert.match(count, /^\d+ góp ý$/, `${label} shows its comment count`);
  }
  // Article 1's own text is on the page.
  assert.match(await text(provision(page, 'Điều 1')), /Phạm vi điều chỉnh/);
  // Many provisions, each with a count.
  const counts = await page.locator('section[id^="p-"] .prov-tools .count').count();
  assert.ok(counts >= 10, `at least 10 provisions with a count (got ${counts})`);
});

journey('posting a comment on a provision gives a receipt that can be looked up', async (page) => {
  await openQuyDinhDraft(page);
  const draftUrl = page.url();
  const section = provision(page, 'Điều 1');
  const before = Number((await text(section.locator('.prov-tools .count'))).match(/\d+/)[0]);

  const marker = `E2E-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const postedBody = `Đề nghị làm rõ phạm vi điều chỉnh của Điều 1, bổ sung cán bộ cấp xã sau sắp xếp (mã kiểm thử ${marker}).`;
  const author = 'Nguyễn Thị Kiểm Thử';

  const disclosure = section.locator('details.comment-box');
  const summary = disclosure.locator('summary');
  assert.match(await text(summary), /^Góp ý(?:\s|$)/);
  const textarea = section.getByLabel('Nội dung góp ý');
  assert.equal(await textarea.isVisible(), false, 'the form is closed until the disclosure is opened');
  await summary.click();
  assert.equal(await disclosure.getAttribute('open'), '', 'the disclosure opened');

  await textarea.fill(postedBody);
  await section.getByLabel('Họ và tên').fill(author);
  await section.getByRole('button', { name: 'Gửi góp ý' }).click();
  await page.waitForURL(/\/receipts\/DT-[^/?]+\?new=1$/);

  await page.getByRole('heading', { level: 1, name: 'Biên nhận góp ý' }).waitFor();
  assert.match(await text(page.getByRole('status')), /đã được ghi nhận/);
  const postedCode = await text(page.locator('#receipt-code'));
  assert.match(postedCode, RECEIPT_CODE);
  assert.equal(path(page), `/receipts/${postedCode}`);

  const receipt = await readReceipt(page);
  assert.equal(receipt['Nội dung'], postedBody, 'the comment text is shown exactly');
  assert.match(receipt['Góp ý cho'], /Điều 1\b/, 'the provision label is shown');
  assert.match(receipt['Dự thảo'], /^Quy định về khuyến khích/);
  assert.match(receipt['Người góp ý'], new RegExp(author));

  // The provision's count went up by one.
  await page.goto(draftUrl);
  const afterCount = Number((await text(provision(page, 'Điều 1').locator('.prov-tools .count'))).match(/\d+/)[0]);
  assert.equal(afterCount, before + 1, 'Điều 1 counts the new comment');

  // Look the receipt up by its code.
  await page.goto(`${BASE}/receipts`);
  await page.getByLabel('Mã biên nhận').fill(postedCode);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.waitForURL((u) => u.pathname === `/receipts/${postedCode}`);
  await page.getByRole('heading', { level: 1, name: 'Biên nhận góp ý' }).waitFor();
  assert.equal(await text(page.locator('#receipt-code')), postedCode);
  assert.equal((await readReceipt(page))['Nội dung'], postedBody);
  assert.equal(await page.getByRole('status').count(), 0, 'no “just sent” notice on a looked-up receipt');
});

journey('a comment form sends a key: a double click stores the comment once, an edit makes a new one', async (page) => {
  await openQuyDinhDraft(page);
  const draftUrl = page.url();
  const section = provision(page, 'Điều 3');
  const count = async () => Number((await text(provision(page, 'Điều 3').locator('.prov-tools .count'))).match(/\d+/)[0]);
  const before = await count();
  await section.locator('details.comment-box summary').click();
  const form = section.locator('form.comment-form');
  const textarea = section.getByLabel('Nội dung góp ý');
  await textarea.fill(`Đề nghị quy định rõ thời hạn xem xét (${Date.now().toString(36)}).`);

  // The script sets the key when the form is sent, keeps it while nothing changes,
  // and drops it on any edit. A submit event stopped right after the script's own
  // listener (before the challenge script would send the form) shows the key.
  const keyAfterSubmitEvent = () => form.evaluate((f) => {
    const stop = (e) => { e.stopImmediatePropagation(); e.preventDefault(); };
    f.addEventListener('submit', stop, true);
    f.dispatchEvent(new Event('submit', { cancelable: true }));
    f.removeEventListener('submit', stop, true);
    return f.querySelector('input[name=submission_key]').value;
  });
  const first = await keyAfterSubmitEvent();
  assert.match(first, /^[0-9a-f]{11}-[0-9a-f]{32}$/);
  assert.equal(await keyAfterSubmitEvent(), first, 'unchanged form, same key');
  await textarea.fill(`Đề nghị quy định rõ thời hạn xem xét hồ sơ (${Date.now().toString(36)}).`);
  assert.equal(await form.locator('input[name=submission_key]').inputValue(), '', 'an edit drops the key');
  const second = await keyAfterSubmitEvent();
  assert.notEqual(second, first);

  // Every request the double click sends carries that key; one comment is stored.
  const sent = [];
  await page.route('**/drafts/*/comments', (route) => {
    sent.push(new URLSearchParams(route.request().postData() ?? '').get('submission_key'));
    return route.continue();
  });
  await section.getByRole('button', { name: 'Gửi góp ý' }).dblclick();
  await page.waitForURL(/\/receipts\/DT-[^/?]+\?new=1$/);
  assert.ok(sent.length >= 1, 'the form was sent');
  assert.deepEqual([...new Set(sent)], [second], `keys sent: ${sent.join(', ')}`);
  await page.unroute('**/drafts/*/comments');
  await page.goto(draftUrl);
  assert.equal(await count(), before + 1, `one comment stored (${sent.length} requests)`);
});

/// Sets the demo consultation's challenge mode as the lead editor (through the
/// moderation page linked from the editor's dashboard).
async function setChallenge(page, mode, bits) {
  await page.goto(`${BASE}/editor`);
  await page.getByRole('link', { name: 'Kiểm duyệt' }).first().click();
  await page.waitForURL(/\/editor\/consultations\/\d+\/moderation$/);
  await page.getByLabel('Thử thách tự động với góp ý không đăng nhập').selectOption(mode);
  await page.getByLabel(/^Độ khó thử thách/).fill(String(bits));
  await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
  await page.waitForURL(/\/moderation$/);
  assert.equal(await page.getByLabel('Thử thách tự động với góp ý không đăng nhập').inputValue(), mode);
}

journey('when the consultation asks for a challenge, the browser solves it and the comment is received', async (page) => {
  const lead = await page.context().browser().newContext({ locale: 'vi-VN' });
  const leadPage = await lead.newPage();
  try {
    await signIn(leadPage, 'totruong', '/editor');
    await setChallenge(leadPage, 'always', 14);
    await openQuyDinhDraft(page);
    const section = provision(page, 'Điều 2');
    await section.locator('details.comment-box summary').click();
    const form = section.locator('form.comment-form');
    assert.match((await form.getAttribute('data-challenge')) ?? '', /^\/api\/v1\/consultations\/\d+\/challenge$/);
    const body = `Góp ý gửi khi có thử thách chống gửi tự động (${Date.now().toString(36)}).`;
    await section.getByLabel('Nội dung góp ý').fill(body);
    const asked = page.waitForResponse((r) => r.url().endsWith('/challenge'));
    await section.getByRole('button', { name: 'Gửi góp ý' }).click();
    const challenge = await (await asked).json();
    assert.equal(challenge.required, true, 'the consultation asked for a challenge');
    assert.equal(challenge.bits, 14);
    await page.waitForURL(/\/receipts\/DT-[^/?]+\?new=1$/);
    assert.equal((await readReceipt(page))['Nội dung'], body);
  } finally {
    await setChallenge(leadPage, 'surge', 18);
    await lead.close();
  }
});

journey('looking up a malformed or unknown receipt code says so', async (page) => {
  await page.goto(`${BASE}/receipts`);
  await page.getByLabel('Mã biên nhận').fill('XYZ');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.waitForURL(/\/receipts\?code=XYZ$/);
  assert.match(await text(page.getByRole('alert')), /không đúng dạng/);

  await page.getByLabel('Mã biên nhận').fill('DT-2222-2222');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.waitForURL(/code=DT-2222-2222$/);
  assert.match(await text(page.getByRole('alert')), /Không tìm thấy/);
});

journey('font-size control: A+ enlarges the text and is remembered', async (page) => {
  await page.goto(`${BASE}/`);
  const html = page.locator('html');
  assert.doesNotMatch((await html.getAttribute('class')) ?? '', /\bfs-large\b/);
  const larger = page.getByRole('button', { name: 'Tăng cỡ chữ' });
  assert.equal(await text(larger), 'A+');
  assert.equal(await larger.getAttribute('aria-pressed'), 'false');
  const sizeBefore = await page.evaluate(() => getComputedStyle(document.body).fontSize);

  await larger.click();
  await page.waitForFunction(() => document.documentElement.classList.contains('fs-large'));
  assert.equal(await page.getByRole('button', { name: 'Tăng cỡ chữ' }).getAttribute('aria-pressed'), 'true');
  const sizeAfter = await page.evaluate(() => getComputedStyle(document.body).fontSize);
  assert.ok(parseFloat(sizeAfter) > parseFloat(sizeBefore), `font grew: ${sizeBefore} → ${sizeAfter}`);

  await page.reload();
  assert.match((await html.getAttribute('class')) ?? '', /\bfs-large\b/, 'still large after reload');
  // …and on another page too.
  await page.goto(`${BASE}/receipts`);
  assert.match((await html.getAttribute('class')) ?? '', /\bfs-large\b/, 'large on another page');
  assert.equal(path(page), '/receipts');

  await page.getByRole('button', { name: 'Cỡ chữ mặc định' }).click();
  await page.waitForFunction(() => !document.documentElement.classList.contains('fs-large'));
  assert.equal(path(page), '/receipts', 'the control brings the reader back to the same page');
});

/// The receipt's <dl> as { term: definition }.
async function readReceipt(page) {
  return page.locator('article.receipt dl').evaluate((dl) => {
    const out = {};
    for (const dt of dl.querySelectorAll('dt')) {
      const dd = dt.nextElementSibling;
      if (dd && dd.tagName === 'DD') out[dt.textContent.trim()] = dd.textContent.trim();
    }
    return out;
  });
}

/// Signs in through the login form.
async function signIn(page, login, next) {
  await page.goto(`${BASE}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill('duthao-demo');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.pathname === next.split('?')[0]);
}

journey('editors answer comments in bulk, the lead editor approves and publishes, the report downloads', async (page) => {
  await signIn(page, 'bientap', '/editor');
  await page.getByRole('link', { name: 'Tiếp thu, giải trình' }).first().click();
  await page.waitForURL(/\/editor\/consultations\/\d+\/answers/);
  const answers = path(page);
  assert.ok(await page.getByRole('table', { name: /Tiến độ theo dự thảo/ }).isVisible());

  // Near-duplicates arrive grouped: the queue lists groups with their size.
  const boxes = page.locator('input[name="unit"]');
  const n = await boxes.count();
  assert.ok(n > 0, 'the queue lists units to answer');
  for (let i = 0; i < n; i += 1) await boxes.nth(i).check();
  await page.getByLabel('Hình thức').selectOption({ label: 'Giải trình' });
  await page.getByLabel('Nội dung tiếp thu, giải trình').fill('Xin tiếp thu và giải trình trong văn bản trình.');
  await page.getByRole('button', { name: 'Lưu trả lời cho các mục đã chọn' }).click();
  await page.waitForURL(/view=mine/);
  assert.equal(await page.locator('input[name="unit"]').count(), n, 'my queue holds what I answered');

  await signIn(page, 'totruong', `${answers}?view=review`);
  const review = page.locator('input[name="unit"]');
  const m = await review.count();
  assert.equal(m, n, 'the lead editor sees every answer waiting for review');
  for (let i = 0; i < m; i += 1) await review.nth(i).check();
  await page.getByRole('button', { name: 'Duyệt các nội dung đã chọn' }).click();
  await page.waitForURL(/view=review/);
  assert.equal(await page.locator('input[name="unit"]').count(), 0, 'nothing left to review');
  await page.getByRole('button', { name: new RegExp(`Công bố ${n} nội dung đã duyệt`) }).click();
  await page.waitForURL(/view=published/);
  assert.equal(await page.locator('input[name="unit"]').count(), n);

  await page.getByRole('link', { name: 'Báo cáo tổng hợp' }).click();
  await page.waitForURL(/\/report/);
  assert.equal(await text(page.getByRole('heading', { level: 1 })), 'BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý');
  assert.ok((await text(page.locator('table.data'))).includes('Giải trình. Xin tiếp thu và giải trình trong văn bản trình.'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Word (DOCX)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.docx$/);
  assert.equal(await download.failure(), null);

  await page.goto(`${BASE}${answers.replace(/answers$/, 'statistics')}`);
  assert.ok(await page.locator('svg.chart').first().isVisible(), 'charts are drawn');
  assert.ok(await page.getByRole('heading', { name: 'Góp ý theo điều khoản' }).isVisible());
});

journey('an editor makes the second version of a demo draft in the browser and reads the comparison table', async (page) => {
  await signIn(page, 'bientap', '/editor');
  await page.getByRole('button', { name: /Tạo lần 2 để sửa trên trình duyệt/ }).first().click();
  await page.waitForURL(/\/editor\/versions\/\d+$/);
  assert.match(await text(page.getByRole('heading', { level: 1 })), /dự thảo lần 2$/);

  // Reword the first article that has text of its own.
  const row = page.locator('tr', { has: page.getByLabel('Nội dung', { exact: true }) }).filter({ hasText: 'Điều' }).first();
  await row.getByText('Sửa nội dung, thêm, xóa').click();
  const body = row.getByLabel('Nội dung', { exact: true });
  const before = await body.inputValue();
  await body.fill(`${before} Cơ quan có thẩm quyền bảo đảm thực hiện.`);
  await row.getByRole('button', { name: 'Lưu nội dung' }).click();
  await page.waitForURL(/\/editor\/versions\/\d+/);

  await page.getByRole('link', { name: 'So sánh với dự thảo lần 1' }).click();
  await page.waitForURL(/\/changes$/);
  assert.match(await text(page.getByRole('heading', { level: 1 })), /Bảng so sánh: dự thảo lần 1 và lần 2/);
  const table = page.locator('table.comparison');
  assert.ok((await text(table)).includes('Sửa đổi'), 'the changed provision is a row');
  assert.equal(await text(table.locator('ins').first()), 'Cơ quan có thẩm quyền bảo đảm thực hiện.');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Word (DOCX)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^bang-so-sanh-.*\.docx$/);
  assert.equal(await download.failure(), null);
});
