// Loads pages of built charter sites in headless Chromium and checks what a
// reader meets: axe-core (WCAG 2.2 A/AA and best practices) finds nothing,
// nothing scrolls sideways at 320, 390 and 1280 px, the page reads without
// JavaScript, in print the navigation is gone while the comparison line
// and the page's address are there, and a side-by-side table is two columns
// on a wide screen and one (old above new, full width) on a phone.
//
// Run by tests/browser.rs (`cargo test --test browser`):
//   node tests/browser/check.js PLAN.json
// PLAN.json: { "chromium": "/usr/bin/chromium", "sites": [{ "dir": "...",
//   "base_url": "http://site.test", "pages": [{ "path": "/x/", "kind": "changes" }] }] }
// Pages are served from `dir` by intercepting requests to `base_url`, so no
// port is opened. Prints each problem and exits 1 if there is any.

'use strict';
const fs = require('fs');
const path = require('path');
const launch = require('./launch');

const WIDTHS = [320, 390, 1280];
// The width below which the stylesheet stacks a side-by-side table (48rem).
const NARROW = 768;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/// Answers every request to the site's base URL from its output folder,
/// and refuses everything else: a page must not need the network.
async function serve(context, site) {
  const base = site.base_url.replace(/\/$/, '');
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (!url.startsWith(base + '/')) return route.abort();
    let rel = decodeURIComponent(new URL(url).pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(site.dir, rel);
    if (!file.startsWith(site.dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      return route.fulfill({ status: 404, body: 'not found' });
    }
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    return route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(file) });
  });
}

async function checkScreen(context, site, p, problems) {
  const page = await context.newPage();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const res = await page.goto(site.base_url + p.path);
    if (!res || res.status() !== 200) {
      problems.push(`${p.path}: status ${res && res.status()}`);
      break;
    }
    const o = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: innerWidth }));
    if (o.scroll > o.inner) {
      const wide = await page.evaluate((inner) => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > inner + 1)
        .slice(0, 3)
        .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`), o.inner);
      problems.push(`${p.path} at ${width} px: scrolls sideways (${o.scroll} px wide); too wide: ${wide.join(' ')}`);
    }
    const sbs = await sideBySide(page);
    if (sbs && width < NARROW && !(sbs.stacked && sbs.full)) {
      problems.push(`${p.path} at ${width} px: the side-by-side table is not one column: ${JSON.stringify(sbs)}`);
    }
    if (sbs && width >= NARROW && sbs.stacked) {
      problems.push(`${p.path} at ${width} px: the side-by-side table is not two columns: ${JSON.stringify(sbs)}`);
    }
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
    for (const v of result.violations) {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
      problems.push(`${p.path} at ${width} px: axe ${v.id} (${v.impact}): ${v.help}; at ${where}`);
    }
  }
  await page.close();
}

/// Where the two cells of the first row holding old and new text are: one
/// above the other (`stacked`), and whether the old one is as wide as the
/// table (`full`). Null when the page has no such row.
async function sideBySide(page) {
  return page.evaluate(() => {
    const table = document.querySelector('table.diff-side-by-side');
    const row = table && table.querySelector('tr.diff-changed, tr.diff-replaced');
    if (!row) return null;
    const [old, now] = [...row.querySelectorAll('td')].map((td) => td.getBoundingClientRect());
    return { stacked: now.top >= old.bottom - 1, full: old.width >= table.getBoundingClientRect().width * 0.9 };
  });
}

async function checkWithoutScript(context, site, p, problems) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(site.base_url + p.path);
  const state = await page.evaluate(() => ({
    heading: !!document.querySelector('main h1') && document.querySelector('main h1').getBoundingClientRect().height > 0,
    styled: getComputedStyle(document.querySelector('main')).maxWidth !== 'none',
    text: document.querySelector('main').innerText.trim().length,
    scroll: document.scrollingElement.scrollWidth,
  }));
  if (!state.heading || !state.styled || state.text < 20 || state.scroll > 390) {
    problems.push(`${p.path} without JavaScript: ${JSON.stringify(state)}`);
  }
  await page.close();
}

// The date form of /<doc>/in-force/: shown with the script, it goes to the
// revision in force on a date, and says so when nothing was in force yet.
async function checkDateForm(context, site, p, problems) {
  const form = p.date_form;
  const page = await context.newPage();
  await page.goto(site.base_url + p.path);
  if (await page.locator('#in-force-form').isHidden()) {
    problems.push(`${p.path}: the date form stays hidden with JavaScript`);
    await page.close();
    return;
  }
  await page.fill('#in-force-date', form.before);
  await page.click('#in-force-form button');
  await page.waitForFunction(() => document.querySelector('#in-force-result').textContent.length > 0);
  await page.fill('#in-force-date', form.date);
  await Promise.all([page.waitForURL(site.base_url + form.goes_to), page.click('#in-force-form button')]);
  await page.close();
}

async function checkPrint(context, site, p, problems) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 680, height: 900 });
  await page.emulateMedia({ media: 'print' });
  await page.goto(site.base_url + p.path);
  const state = await page.evaluate(() => {
    const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const nav = [...document.querySelectorAll('nav, .skip-link, .site-footer, .article-history')].filter(shown);
    const comparing = document.querySelector('.comparing');
    const url = document.querySelector('.print-url');
    const cut = [...document.querySelectorAll('pre, .table-scroll, table')].filter((e) => e.scrollWidth > e.clientWidth + 1);
    return {
      nav: nav.map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`),
      comparing: comparing ? shown(comparing) : null,
      url: url ? shown(url) && url.textContent.includes(location.href) : false,
      cut: cut.map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`),
      wide: document.scrollingElement.scrollWidth > innerWidth,
    };
  });
  if (state.nav.length) problems.push(`${p.path} in print: navigation shows: ${state.nav.join(' ')}`);
  if (!state.url) problems.push(`${p.path} in print: the page's address is not printed`);
  if (p.comparing && state.comparing !== true) problems.push(`${p.path} in print: no "Comparing … with …" line`);
  if (state.cut.length || state.wide) problems.push(`${p.path} in print: cut off at the edge: ${state.cut.join(' ')}`);
  await page.close();
}

(async () => {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const browser = await launch(plan.chromium);
  const problems = [];
  let pages = 0;
  try {
    for (const site of plan.sites) {
      site.dir = path.resolve(site.dir);
      const screen = await browser.newContext();
      const noScript = await browser.newContext({ javaScriptEnabled: false });
      await serve(screen, site);
      await serve(noScript, site);
      for (const p of site.pages) {
        await checkScreen(screen, site, p, problems);
        await checkWithoutScript(noScript, site, p, problems);
        await checkPrint(screen, site, p, problems);
        if (p.date_form) await checkDateForm(screen, site, p, problems);
        pages += 1;
      }
      await screen.close();
      await noScript.close();
    }
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(p);
  console.log(`${pages} pages checked in Chromium, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
