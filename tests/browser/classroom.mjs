// classroom.mjs — the classroom page of `masthead serve` in Debian's headless
// Chromium (playwright-core, no browser download): paste the seed article,
// check what a teacher must see, run axe-core, take screenshots, try a phone.
//
// Usage: node classroom.mjs BASE_URL FIXTURE [SCREENSHOT_DIR]
// Prints "ok ..." or "FAIL ..." per check and ends with "N passed, N failed";
// exits 0 only when nothing failed.
import { readFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const [base, fixture, shots = 'build/screenshots'] = process.argv.slice(2);
if (!base || !fixture) {
  console.error('usage: node classroom.mjs BASE_URL FIXTURE [SCREENSHOT_DIR]');
  process.exit(2);
}
const article = readFileSync(fixture, 'utf8');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
mkdirSync(shots, { recursive: true });

let passed = 0, failed = 0;
function check(what, cond, detail) {
  if (cond) { passed++; console.log(`ok ${what}`); }
  else { failed++; console.log(`FAIL ${what}${detail ? ': ' + detail : ''}`); }
}

const profile = mkdtempSync(join(tmpdir(), 'masthead-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1366, height: 900 },
});
context.setDefaultTimeout(20000);

/* Every page: no request may leave the server, no CSP violation, no error. */
const problems = [];
function watch(page) {
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`request to ${r.url()}`);
  });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}

/* Paste text, send it from the keyboard, wait for this answer to show. */
async function annotate(page, text) {
  const run = Number(await page.getAttribute('#results', 'data-run') || 0);
  await page.fill('#article', text);
  await page.focus('#go');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`#results[data-run="${run + 1}"]:not([hidden]) #pubcard`);
}

async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations)
    console.log(`# axe ${v.impact}: ${v.id} (${v.nodes.length} nodes) ${v.help}`);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

try {
  const page = watch(context.pages()[0] || await context.newPage());
  const res = await page.goto(base + '/');
  check('page loads', res && res.status() === 200);
  check('page title', /masthead/.test(await page.title()));
  const empty = await axeViolations(page);
  check('axe: no serious or critical violation on the empty form', empty.length === 0,
    empty.map((v) => v.id).join(', '));

  await annotate(page, article);
  const card = await page.textContent('#pubcard');
  check('publisher card names RT', /^\s*RT\b/.test(await page.textContent('#pubcard .pubname')), card.slice(0, 80));
  check('publisher card shows rt.com', card.includes('rt.com'));
  check('publisher card shows the country', card.includes('Russia'));
  check('publisher card shows confidence in words and number', /very likely \(0\.\d\d\)/.test(card));
  const label = await page.textContent('#pubcard .statemedia .smlabel');
  check('state-controlled label', label.includes('State-controlled media (SC)'), label);
  check('typology explained in a plain sentence', card.includes('editorially controlled by the state'));
  const chain = await page.textContent('#pubcard ol.chain');
  check('owner chain shows TV-Novosti', chain.includes('TV-Novosti'), chain.slice(0, 120));
  check('owner chain ends at the ultimate owner', /Russian Federation\s*ultimate owner/.test(chain));
  check('ratings carry a date and a source link',
    await page.locator('#pubcard ul.ratings li', { hasText: 'as of' }).locator('a[href^="http"]').count() > 0);
  check('state media carries its citation link',
    await page.locator('#pubcard .statemedia a[href*="github.com/ASD-at-GMF"]').count() === 1);

  const why = await page.textContent('#why');
  check('why line: the footer gives the owner away',
    why.includes('The footer says “© Autonomous Nonprofit Organization “TV-Novosti”” — TV-Novosti is the company that runs RT'), why.slice(0, 200));
  check('why line: AP only as an image credit', why.includes('Associated Press appears only as an image credit'));

  const footer = page.locator('#text mark.role-publisher', { hasText: '© Autonomous Nonprofit Organization' });
  check('the © footer is highlighted as publisher evidence', await footer.count() === 1);
  const credit = page.locator('#text mark.role-image_credit', { hasText: 'AP Photo/Evan Vucci' });
  check('the AP photo credit is highlighted as an image credit', await credit.count() === 1);
  const creditTip = await credit.evaluate((m) => document.getElementById(m.getAttribute('aria-describedby')).textContent);
  check('the credit explains itself', creditTip.includes('Image credit: Associated Press'), creditTip);

  // hover shows the explanation; the evidence list moves focus to a span
  const tip = page.locator('#tip');
  await credit.hover();
  check('hover shows the explanation', await tip.isVisible() && (await tip.textContent()).includes('Image credit: Associated Press'));
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  check('the explanation goes when the pointer leaves', !(await tip.isVisible()));
  await page.locator('#evlist button', { hasText: '© Autonomous Nonprofit Organization' }).click();
  check('an evidence item focuses its span',
    await page.evaluate(() => document.activeElement.matches('mark.role-publisher') &&
      document.activeElement.textContent.includes('TV-Novosti')));
  // (the text box scrolls smoothly to the span first)
  const shown = await tip.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
  check('focus shows the explanation', shown && (await tip.textContent()).includes('TV-Novosti is the company that runs RT'));
  const focused = await axeViolations(page);
  check('axe: no serious or critical violation with the results and a tooltip shown', focused.length === 0,
    focused.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('; '));
  await page.keyboard.press('Escape');
  check('Escape hides the explanation', !(await tip.isVisible()));
  await page.evaluate(() => document.activeElement.blur());
  await page.screenshot({ path: join(shots, 'classroom.png'), fullPage: true });

  // printing hides the form and keeps the findings
  await page.emulateMedia({ media: 'print' });
  check('print hides the form', !(await page.isVisible('#form')));
  check('print keeps the publisher card', await page.isVisible('#pubcard'));
  await page.pdf({ path: join(shots, 'classroom.pdf'), format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });

  // text is text: markup in an article is shown, never run or rendered
  await page.selectOption('#type', 'text');
  await annotate(page, 'An <img src=x id=injected> and <b id=bold>bold</b> claim.\n' +
    'MOSCOW (Reuters) — officials said nothing new today.\n');
  check('article markup is shown as text', await page.locator('#text img, #text b').count() === 0 &&
    (await page.textContent('#text')).includes('<img src=x id=injected>'));
  check('the unknown state says so', (await page.textContent('#pubcard')).includes('We could not tell'));
  check('the unknown state lists what was found', (await page.textContent('#pubcard')).includes('Reuters'));
  const unknown = await axeViolations(page);
  check('axe: no serious or critical violation in the unknown state', unknown.length === 0,
    unknown.map((v) => v.id).join(', '));
  await page.selectOption('#type', 'auto');

  // a phone: 375 px wide, nothing scrolls sideways
  const phone = watch(await context.newPage());
  await phone.setViewportSize({ width: 375, height: 812 });
  await phone.goto(base + '/');
  await annotate(phone, article);
  const widths = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check('phone width: no horizontal scrolling', widths[0] <= widths[1], `${widths[0]} > ${widths[1]}`);
  await phone.locator('#text mark.role-image_credit').first().click();
  const tipBox = await phone.evaluate(() => {
    const t = document.getElementById('tip');
    const r = t.getBoundingClientRect();
    return [t.hidden ? -1 : r.left, r.right, window.innerWidth];
  });
  check('phone: a tapped explanation stays on screen', tipBox[0] >= 0 && tipBox[1] <= tipBox[2], tipBox.join(' '));
  await phone.screenshot({ path: join(shots, 'classroom-phone.png'), fullPage: true });

  check('no request left the server, no console error, no CSP violation', problems.length === 0,
    problems.slice(0, 5).join(' | '));
} catch (e) {
  check('browser run completed', false, e && e.stack ? e.stack.split('\n').slice(0, 4).join(' / ') : String(e));
} finally {
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
console.log(`screenshots: ${join(shots, 'classroom.png')} ${join(shots, 'classroom-phone.png')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
