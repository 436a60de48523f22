// The page in Debian's headless Chromium, driven by playwright-core: sign-in,
// drag-and-drop upload, diagnostics beside the printed labels, downloads of
// record and sheet, each role's list, the admin's overrides. Started by
// tests/cli_serve_e2e.sh, which runs the server and passes tokens and files
// in the environment. Prints "N passed, N failed" and exits non-zero on a
// failure.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = (k) => { const v = process.env[k]; if (!v) throw new Error('missing ' + k); return v; };
const BASE = env('BASE_URL');
const SHOTS = process.env.SHOT_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'gf-shots-'));
let passed = 0, failed = 0;

function check(cond, what) {
  if (cond) { passed++; console.log('ok   ' + what); }
  else { failed++; console.log('FAIL ' + what); }
}

async function signIn(page, token) {
  await page.goto(BASE + '/');
  await page.fill('#token', token);
  await page.click('#login-btn');
  await page.waitForSelector('#app:not([hidden])', { timeout: 10000 });
  await page.waitForSelector('#subs tbody tr', { timeout: 10000 });
}

async function signOut(page) {
  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');
}

// Drop a file on the zone the way a browser does: a DataTransfer carrying a File.
async function dropFile(page, file) {
  const b64 = fs.readFileSync(file).toString('base64');
  await page.evaluate(({ b64, name }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name));
    const zone = document.querySelector('#drop');
    for (const type of ['dragenter', 'dragover', 'drop'])
      zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { b64, name: path.basename(file) });
}

async function listUnits(page) {
  return page.$$eval('#subs tbody tr[data-id] td:nth-child(4)', (tds) => tds.map((t) => t.textContent));
}

const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gf-chromium-'));
const ctx = await chromium.launchPersistentContext(userDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  locale: 'zh-CN',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] || await ctx.newPage();
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

try {
  // --- sign-in ---
  await page.goto(BASE + '/');
  check(await page.isVisible('#login'), 'the page opens on the sign-in form');
  check((await page.textContent('h1')).includes('政务云'), 'the page is in Chinese');
  await page.screenshot({ path: path.join(SHOTS, 'login.png') });
  await page.fill('#token', 'gft_not-a-token');
  await page.click('#login-btn');
  await page.waitForSelector('#login-error:not([hidden])');
  check((await page.textContent('#login-error')).includes('令牌'), 'a wrong token is refused with a message');

  // --- a unit uploads an invalid form by drag and drop ---
  await signIn(page, env('BAD_UNIT_TOKEN'));
  check((await page.textContent('#who-text')).includes(env('BAD_UNIT')), 'the unit sees its name');
  await dropFile(page, env('INVALID_FORM'));
  await page.waitForSelector('#detail:not([hidden]) #d-fields tbody tr', { timeout: 15000 });
  await page.waitForFunction(() => document.querySelector('#upload-status').textContent.includes('已提交'));
  check((await page.textContent('#d-badge')).includes('有错误'), 'an invalid form is marked 有错误');
  const errRows = await page.$$eval('#d-fields tr.has-error', (trs) => trs.map((tr) => ({
    label: tr.querySelector('td.label').textContent, diag: tr.querySelector('.diag.error') && tr.querySelector('.diag.error').textContent })));
  check(errRows.length > 0, 'error rows are shown (' + errRows.length + ')');
  check(errRows.some((r) => /[\u4e00-\u9fff]/.test(r.label) && r.diag && r.diag.includes('错误')),
    'a diagnostic sits beside its printed Chinese label: ' + JSON.stringify(errRows[0]));
  check(await page.isDisabled('#dl-sheet'), 'no sheet for an invalid form');
  await page.screenshot({ path: path.join(SHOTS, 'unit-invalid.png'), fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, 'page.png') });
  const mine = await listUnits(page);
  check(mine.length > 0 && mine.every((u) => u === env('BAD_UNIT')), 'the unit lists only its own submissions');
  await signOut(page);

  // --- another unit uploads a valid form (file picker) and downloads record and sheet ---
  await signIn(page, env('UNIT_TOKEN'));
  await page.setInputFiles('#file', env('VALID_FORM'));
  await page.waitForFunction(() => document.querySelector('#upload-status').textContent.includes('校验通过'), null, { timeout: 15000 });
  check((await page.textContent('#d-badge')).includes('有效'), 'a valid form is marked 有效');
  check((await page.$$('#d-fields tr.has-error')).length === 0, 'a valid form shows no error rows');
  const labelled = await page.$$eval('#d-fields td.label', (tds) => tds.filter((t) => t.querySelector('.key')).length);
  check(labelled > 5, 'fields carry their printed labels (' + labelled + ')');
  let [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-dl="record"]')]);
  const rec = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
  check(rec.schema === 'govforms.record/1' && rec.valid === true, 'the record JSON downloads');
  [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-dl="sheet"]')]);
  const pdf = fs.readFileSync(await dl.path());
  check(pdf.subarray(0, 5).toString() === '%PDF-', 'the confirmation sheet PDF downloads (' + pdf.length + ' bytes)');
  await page.waitForFunction(() => document.querySelector('#d-meta').textContent.includes('HBZWY-'));
  check(true, 'the cloud id appears once the sheet was made');
  const units = await listUnits(page);
  check(units.every((u) => u === env('UNIT')), 'the second unit lists only its own submissions');
  await signOut(page);

  // --- a provider sees its platform only and cannot upload ---
  await signIn(page, env('PROVIDER_TOKEN'));
  check(await page.isHidden('#upload'), 'a provider has no upload zone');
  const provs = await page.$$eval('#subs tbody tr[data-id] td:nth-child(5)', (tds) => tds.map((t) => t.textContent));
  check(provs.length > 0 && provs.every((p) => p === env('PROVIDER') + '云'), 'a provider lists its platform only');
  await signOut(page);

  // --- the admin lists everything, completes a sheet and downloads it ---
  await signIn(page, env('ADMIN_TOKEN'));
  const all = new Set(await listUnits(page));
  check(all.size >= 3, 'the admin lists several units (' + all.size + ')');
  await page.selectOption('#f-validity', 'valid');
  await page.fill('#f-q', env('UNIT'));
  await page.click('#filters button[type="submit"]');
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('#subs tbody tr[data-id] td:nth-child(7)')];
    return cells.length > 0 && cells.every((t) => t.textContent === '有效');
  }, null, { timeout: 10000 }).catch(() => {});
  const filtered = await page.$$eval('#subs tbody tr[data-id] td:nth-child(7)', (tds) => tds.map((t) => t.textContent));
  check(filtered.every((t) => t === '有效'), 'the validity filter works');
  await page.click('#subs tbody tr[data-id]');
  await page.waitForSelector('#overrides:not([hidden])');
  await page.selectOption('#ov-hours', '7×24小时');
  await page.click('#ov-save');
  await page.waitForFunction(() => document.querySelector('#ov-status').textContent.includes('已保存'));
  check(true, 'the admin saves overrides');
  [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-dl="sheet"]')]);
  const pdf2 = fs.readFileSync(await dl.path());
  check(pdf2.subarray(0, 5).toString() === '%PDF-', 'the admin downloads the completed sheet');
  await page.screenshot({ path: path.join(SHOTS, 'admin.png'), fullPage: true });
  check(consoleErrors.filter((e) => !e.includes('401')).length === 0, 'no script errors: ' + consoleErrors.join(' | '));
} catch (e) {
  failed++;
  console.log('FAIL ' + (e && e.stack || e));
  await page.screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await ctx.close();
  fs.rmSync(userDir, { recursive: true, force: true });
}
console.log('screenshots in ' + SHOTS);
console.log(passed + ' passed, ' + failed + ' failed');
process.exit(failed ? 1 : 0);
