// `charter serve`'s live reload in a real browser: a page is opened, a
// source file is saved with an edit, and the open page must reload by
// itself and show the edit, as a member of a legal team sees it.
//
// Run by tests/browser.rs (`cargo test --test browser`):
//   node tests/browser/reload.js PLAN.json
// PLAN.json: { "chromium": "/usr/bin/chromium", "url": "http://127.0.0.1:PORT/privacy/draft/",
//   "file": "/…/content/privacy.md", "from": "text before", "to": "text after" }
// Exits 0 when the page reloaded and shows `to`, 1 with the reason otherwise.

'use strict';
const fs = require('fs');
const launch = require('./launch');

(async () => {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const browser = await launch(plan.chromium);
  const problems = [];
  try {
    const page = await browser.newPage();
    const res = await page.goto(plan.url);
    if (!res || res.status() !== 200) throw new Error(`${plan.url}: status ${res && res.status()}`);
    const text = () => page.evaluate(() => document.body.innerText);
    if (!(await text()).includes(plan.from)) problems.push(`before the edit, the page does not show "${plan.from}"`);
    if ((await text()).includes(plan.to)) problems.push(`before the edit, the page already shows "${plan.to}"`);
    // Counted on the window: a reload makes a new one, so the mark is gone after it.
    await page.evaluate(() => { window.__beforeEdit = true; });
    const source = fs.readFileSync(plan.file, 'utf8');
    if (!source.includes(plan.from)) throw new Error(`${plan.file} does not hold "${plan.from}"`);
    const reloaded = page.waitForEvent('load', { timeout: 30000 });
    fs.writeFileSync(plan.file, source.replace(plan.from, plan.to));
    await reloaded;
    await page.waitForFunction((to) => document.body.innerText.includes(to), plan.to, { timeout: 30000 });
    if (await page.evaluate(() => window.__beforeEdit === true)) problems.push('the page changed without reloading');
    if ((await text()).includes(plan.from)) problems.push(`after the edit, the page still shows "${plan.from}"`);
  } catch (e) {
    problems.push(String(e && e.message ? e.message : e));
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(p);
  console.log(problems.length ? 'live reload failed' : 'the page reloaded and shows the edit');
  process.exit(problems.length ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
