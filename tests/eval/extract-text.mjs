// extract-text.mjs — a page's visible text as a browser's select-all + copy gives it.
//
// Usage: node extract-text.mjs OUTDIR JOBS < list
// where each line of `list` is "ID<TAB>HTML_PATH". Writes OUTDIR/ID.txt with
// headless Chromium's document.body.innerText of the page, loaded from its
// file:// URL with JavaScript disabled and the network off (offline context,
// every non-file request aborted), so only the page's own markup and inline
// styles decide what is visible. Prints "ID<TAB>ok" or "ID<TAB>error: ..."
// per page on stdout; exits 1 when the browser cannot start.
//
// CHROMIUM overrides the browser path (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const PAGE_TIMEOUT_MS = 20000;

// One page: load it, wait for its own parsing (no network can block it), copy its text.
async function extractOne(context, id, path, outdir) {
  const page = await context.newPage();
  try {
    try {
      await page.goto(pathToFileURL(resolve(path)).href,
        { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    } catch (err) {
      // A page whose load event never comes still has a DOM worth reading.
      if (!/Timeout/i.test(String(err))) throw err;
    }
    const text = await page.evaluate(() => (document.body ? document.body.innerText : ''));
    const tmp = join(outdir, `.${id}.tmp`);
    writeFileSync(tmp, text.endsWith('\n') ? text : text + '\n');
    renameSync(tmp, join(outdir, `${id}.txt`));
    return `${id}\tok`;
  } catch (err) {
    return `${id}\terror: ${String(err).split('\n')[0]}`;
  } finally {
    await page.close();
  }
}

async function main() {
  const [outdir, jobsArg] = process.argv.slice(2);
  if (!outdir) {
    process.stderr.write('usage: node extract-text.mjs OUTDIR JOBS < list\n');
    process.exit(2);
  }
  const jobs = Math.max(1, Number.parseInt(jobsArg || '2', 10) || 2);
  const list = readFileSync(0, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
  const profile = mkdtempSync(join(tmpdir(), 'masthead-eval-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: LAUNCH_ARGS,
      javaScriptEnabled: false,
      offline: true,
      serviceWorkers: 'block',
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    process.stderr.write(`extract-text: cannot start Chromium: ${String(err).split('\n')[0]}\n`);
    process.exit(1);
  }
  await context.route((url) => url.protocol !== 'file:', (route) => route.abort());
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const [id, path] = list[next++];
      process.stdout.write(`${await extractOne(context, id, path, outdir)}\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

main();
