// The demo dossier's online conference, run from three browsers at once: the chair
// and the secretaries of two connection points. Each page must follow the others'
// actions live (server-sent events), without being reloaded.
// Needs a running `duthao serve --demo` at $DUTHAO_URL; `tests/browser/run` does it all.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, BASE, TIMEOUT, launch } from './browser.mjs';

const PASSWORD = 'duthao-demo';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/// A signed-in page in its own browser context; HTTP errors and page errors are
/// collected in `problems`.
async function person(login, problems) {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${login}: page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${login}: HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  await page.goto(`${BASE}/login?next=${encodeURIComponent('/conferences')}`);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/conferences$/);
  return { context, page };
}

/// Waits until the page says its feed is connected.
async function live(page) {
  await page.locator('[data-live-status]').filter({ hasText: 'Đang cập nhật trực tiếp' }).waitFor();
}

test('a chair and two connection points run the demo conference together', async () => {
  const problems = [];
  const people = [];
  try {
    const chair = await person('bientap', problems);
    const nghean = await person('thuky', problems);
    const hcm = await person('thukyhcm', problems);
    people.push(chair, nghean, hcm);

    // The chair opens the conference from the console.
    await chair.page.getByRole('link', { name: 'Điều hành hội nghị' }).first().click();
    await chair.page.getByRole('button', { name: 'Khai mạc hội nghị' }).click();
    await chair.page.locator('[data-state]').filter({ hasText: 'Đang họp' }).waitFor();
    await live(chair.page);

    // Each secretary goes to their own point (and only sees their own).
    await nghean.page.getByRole('link', { name: 'Thư ký: Tỉnh Nghệ An' }).click();
    await hcm.page.getByRole('link', { name: 'Thư ký: Thành phố Hồ Chí Minh' }).click();
    assert.equal(await nghean.page.getByRole('link', { name: /Thư ký: Thành phố Hồ Chí Minh/ }).count(), 0);
    await live(nghean.page);
    await live(hcm.page);

    // Attendance at Nghệ An reaches the chair's table without a reload.
    const pointId = await nghean.page.locator('[data-live]').getAttribute('data-point');
    const chairCell = chair.page.locator(`td[data-point-present="${pointId}"]`);
    assert.equal((await chairCell.textContent()).trim(), '0');
    await nghean.page.getByRole('button', { name: /^Điểm danh: / }).first().click();
    await chairCell.filter({ hasText: '1' }).waitFor();

    // Both points ask for the floor; the chair's queue fills live.
    await nghean.page.getByLabel('Người phát biểu (họ tên, chức vụ)').fill('Đồng chí Bí thư Tỉnh ủy Nghệ An');
    await nghean.page.getByRole('button', { name: 'Đăng ký phát biểu' }).click();
    await hcm.page.getByLabel('Người phát biểu (họ tên, chức vụ)').fill('Đồng chí Trưởng Ban Tổ chức Thành ủy');
    await hcm.page.getByRole('button', { name: 'Đăng ký phát biểu' }).click();
    const queue = chair.page.locator('[data-queue] > li');
    await queue.filter({ hasText: 'Tỉnh Nghệ An' }).waitFor();
    await queue.filter({ hasText: 'Thành phố Hồ Chí Minh' }).waitFor();
    assert.equal((await chair.page.locator('[data-queue-count]').textContent()).trim(), '2');

    // The chair gives Nghệ An the floor; both points see it live.
    await queue.filter({ hasText: 'Tỉnh Nghệ An' }).getByRole('button', { name: 'Mời phát biểu' }).click();
    await chair.page.locator('[data-floor]').filter({ hasText: 'Đồng chí Bí thư Tỉnh ủy Nghệ An' }).waitFor();
    await hcm.page.locator('[data-floor]').filter({ hasText: 'Đồng chí Bí thư Tỉnh ủy Nghệ An' }).waitFor();
    await nghean.page.locator('[data-floor]').filter({ hasText: 'Đồng chí Bí thư Tỉnh ủy Nghệ An' }).waitFor();

    // Nghệ An's secretary records the speech; the speaker was filled in from the floor.
    const speaker = nghean.page.getByLabel('Người phát biểu', { exact: true });
    assert.equal(await speaker.inputValue(), 'Đồng chí Bí thư Tỉnh ủy Nghệ An');
    const text = 'Đề nghị bổ sung tiêu chí đánh giá vị trí việc làm theo kết quả đầu ra <b>cụ thể</b>.';
    await nghean.page.getByLabel('Nội dung ý kiến').fill(text);
    await nghean.page.getByRole('button', { name: 'Ghi vào biên bản' }).click();
    await nghean.page.waitForURL(/ghi=DT-/);
    // The chair and the other point see the opinion appear, as text.
    const opinion = chair.page.locator('[data-opinions] > li').filter({ hasText: 'kết quả đầu ra <b>cụ thể</b>' });
    await opinion.waitFor();
    // It names the draft it is on (the first of the agenda, the form's first choice).
    const firstDraft = (await chair.page.locator('[data-draft]').first().textContent()).trim();
    assert.ok((await opinion.textContent()).includes(firstDraft), 'the live opinion names its draft');
    await hcm.page.locator('[data-opinions] > li').filter({ hasText: 'Đồng chí Bí thư Tỉnh ủy Nghệ An' }).waitFor();
    assert.equal(await chair.page.locator('[data-opinions] b').count(), 0, 'no markup from the opinion');

    // The chair ends the speech; the floor is free again everywhere.
    await chair.page.getByRole('button', { name: 'Kết thúc lượt phát biểu' }).click();
    await hcm.page.locator('[data-floor]').filter({ hasText: 'Chưa có ai được mời phát biểu' }).waitFor();

    // The minutes download as DOCX.
    const download = chair.page.waitForEvent('download');
    await chair.page.getByRole('link', { name: 'Tải biên bản hội nghị (DOCX)' }).click();
    assert.match((await download).suggestedFilename(), /^bien-ban-hoi-nghi-\d+\.docx$/);

    assert.deepEqual(problems, [], 'no failed requests or page errors');
  } catch (err) {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [i, p] of people.entries()) {
      try {
        await p.page.screenshot({ path: join(ARTIFACTS, `conference-${i}.png`), fullPage: true });
      } catch {
        /* best effort */
      }
    }
    throw err;
  } finally {
    for (const p of people) await p.context.close();
  }
});
