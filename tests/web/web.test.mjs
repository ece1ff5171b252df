// Browser tests of the web page, in Debian's chromium driven by playwright-core.
// run: node --test --test-concurrency=1 tests/web/   (MARSAD_URL=http://… to use a running server)
// Every page opened here must log no console error, fail no request, fetch nothing but
// /, /static/… and /api/v1/…, and pass axe-core with no serious or critical violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer, ROOT } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ARTIFACTS = path.join(ROOT, 'build/web-artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const INDIC = /[٠-٩]/;
const fromIndic = (s) => s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));

let server, browser;

before(async () => {
  server = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function getJSON(p) {
  const r = await fetch(server.base + p);
  assert.equal(r.status, 200, `GET ${p}: ${r.status}`);
  return r.json();
}

// A page watched for problems. `expect` lists the statuses a page may legitimately get
// (an error page asks for what does not exist).
async function open(url, { width = 1280, height = 900, expect = [] } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'ar' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    // The browser logs a failed fetch as a console error; an expected status is not one.
    if (m.type() !== 'error') return;
    if (expect.length && /status of (\d+)/.test(m.text()) && expect.includes(+/status of (\d+)/.exec(m.text())[1])) return;
    problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !expect.includes(r.status())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    const ok = u.origin === server.base && (u.pathname === '/' || u.pathname.startsWith('/static/') ||
      u.pathname.startsWith('/api/v1/'));
    if (!ok && !r.url().startsWith('data:')) problems.push(`unexpected request: ${r.url()}`);
  });
  await page.goto(server.base + url);
  await settled(page);
  return { page, problems, close: () => context.close() };
}

// The view has rendered: <main> is no longer busy and its placeholder is gone.
async function settled(page) {
  await page.waitForFunction(() => {
    const m = document.querySelector('main');
    return m && !m.hasAttribute('aria-busy') && !m.querySelector('.loading');
  }, null, { timeout: 15000 });
}

async function axe(page, name) {
  await page.evaluate(AXE);
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(res, [], `axe on ${name}`);
}

async function noHorizontalScroll(page, name) {
  const { sw, cw } = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  assert.ok(sw <= cw, `${name}: the page scrolls sideways (${sw} > ${cw})`);
}

async function finish(o, name, { a11y = true } = {}) {
  if (a11y) await axe(o.page, name);
  assert.deepEqual(o.problems, [], `problems on ${name}`);
  await o.close();
}

// The ids the tests visit, taken from the API so they hold for any archive.
let firstStory = null;
async function story() {
  if (!firstStory) {
    const { stories } = await getJSON('/api/v1/stories?limit=30');
    assert.ok(stories.length > 0, 'the archive has stories');
    // The story with the most articles shows the most of the page (copies, ledger, quotes).
    const id = [...stories].sort((a, b) => b.size - a.size)[0].id;
    firstStory = await getJSON(`/api/v1/stories/${id}`);
  }
  return firstStory;
}

test('the page is Arabic, right to left, with a skip link and the home view', async () => {
  const o = await open('/');
  const { page } = o;
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
  // the first Tab reaches the skip link, which moves focus to the content
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  // "/" jumps to the search box
  await page.locator('body').press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await finish(o, 'home');
});

test('search: Enter runs the query, the URL keeps it, a reload restores it, paging works', async () => {
  const o = await open('/');
  const { page } = o;
  const q = 'الموصل OR السيول OR الرقة';
  const api = await getJSON(`/api/v1/search?q=${encodeURIComponent(q)}&limit=10&facets=1`);
  assert.ok(api.total > 10, `the query needs more than one page (${api.total})`);

  await page.fill('#q', q);
  await page.press('#q', 'Enter');
  await page.waitForURL(/[?&]q=/);
  await settled(page);
  assert.equal(new URL(page.url()).searchParams.get('q'), q);
  const titles = await page.locator('.hit h2').allTextContents();
  assert.deepEqual(titles, api.results.map((h) => h.title || h.id));
  // every highlight is the snippet's code points [start, end)
  const marks = await page.locator('.hit').first().locator('.snippet mark').allTextContents();
  const h0 = api.results[0];
  assert.deepEqual(marks, h0.highlights.map(([s, e]) => Array.from(h0.snippet).slice(s, e).join('')));
  // facets: the outlets and the day histogram
  assert.equal(await page.locator('.facet-sources li').count(), api.facets.sources.length);
  const bars = await page.locator('svg.histogram g[data-day]').evaluateAll((gs) =>
    gs.map((g) => [g.dataset.day, +g.dataset.count]));
  assert.deepEqual(bars, api.facets.days.map((d) => [d.day || 'none', d.count]));
  await page.screenshot({ path: path.join(ARTIFACTS, 'search.png'), fullPage: true });
  await axe(page, 'search results');

  await page.reload();
  await settled(page);
  assert.equal(await page.inputValue('#q'), q);
  assert.deepEqual(await page.locator('.hit h2').allTextContents(), titles);

  await page.click('.pager a[rel=next]');
  await page.waitForURL(/page=2/);
  await settled(page);
  const api2 = await getJSON(`/api/v1/search?q=${encodeURIComponent(q)}&limit=10&offset=10`);
  assert.deepEqual(await page.locator('.hit h2').allTextContents(), api2.results.map((h) => h.title || h.id));
  assert.equal(await page.getAttribute('ol.hits', 'start'), '11');
  await page.goBack();
  await settled(page);
  assert.deepEqual(await page.locator('.hit h2').allTextContents(), titles);
  await finish(o, 'search', { a11y: false });
});

test('stories: the most active first, each with its sparkline', async () => {
  const { stories } = await getJSON('/api/v1/stories?limit=30');
  const o = await open('/?view=stories');
  const { page } = o;
  const ids = await page.locator('.story-card').evaluateAll((ls) => ls.map((l) => +l.dataset.story));
  assert.deepEqual(ids, stories.map((s) => s.id));
  // each sparkline's non-zero days are the story's days
  const first = stories[0];
  const spark = await page.locator('.story-card').first().locator('g[data-day]').evaluateAll((gs) =>
    gs.map((g) => [g.dataset.day, +g.dataset.count]).filter(([, n]) => n > 0));
  assert.deepEqual(spark, first.days.map((d) => [d.day, d.articles]));
  await page.screenshot({ path: path.join(ARTIFACTS, 'stories.png'), fullPage: true });
  await finish(o, 'stories');
});

test('a story: the timeline shows the articles of each day', async () => {
  const s = await story();
  const o = await open(`/?view=story&id=${s.id}`);
  const { page } = o;
  assert.equal(await page.locator('h1').textContent(), s.title);
  const cols = await page.locator('svg.timeline g.day').evaluateAll((gs) => gs.map((g) => ({
    day: g.dataset.day, count: +g.dataset.count, text: g.querySelector('text.count').textContent })));
  const dated = cols.filter((c) => c.day !== 'none');
  assert.deepEqual(dated.map((c) => [c.day, c.count]), s.days.map((d) => [d.day, d.articles]));
  for (const c of cols) assert.equal(+c.text, c.count, `the label of ${c.day}`);
  // copies are folded under their original
  for (const m of s.members.filter((m) => m.duplicate_of && s.members.some((x) => x.id === m.duplicate_of))) {
    assert.equal(await page.locator(`.copies li[data-id="${m.id}"]`).getAttribute('data-duplicate-of'), m.duplicate_of);
  }
  // each disagreement names the other claim's outlet
  for (const [i, c] of s.claims.entries()) {
    if (c.verdict !== 'disagrees') continue;
    const text = await page.locator(`.claim[data-index="${i}"] .verdict`).textContent();
    assert.match(text, /يتعارض مع/);
    assert.ok(text.includes(s.claims[c.other].source), `claim ${i} names ${s.claims[c.other].source}`);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'story.png'), fullPage: true });
  await finish(o, 'story');
});

test('an article: every highlighted fact is its exact code points of the body', async () => {
  const s = await story();
  let nested = 0;
  for (const m of s.members.slice(0, 4)) {
    const a = await getJSON(`/api/v1/articles/${encodeURIComponent(m.id)}`);
    const cps = Array.from(a.body);
    const o = await open(`/?view=article&id=${encodeURIComponent(m.id)}`);
    const { page } = o;
    const spans = await page.locator('.body .fact').evaluateAll((ms) => ms.map((x) => ({
      kind: x.dataset.kind, start: +x.dataset.start, end: +x.dataset.end, text: x.textContent })));
    const total = ['entities', 'quotes', 'numbers', 'dates'].reduce((n, k) => n + a[k].length, 0);
    assert.ok(spans.length > 0 && spans.length <= total, `${m.id}: ${spans.length} of ${total} facts marked`);
    for (const sp of spans) {
      assert.equal(sp.text, cps.slice(sp.start, sp.end).join(''), `${m.id} ${sp.kind} [${sp.start},${sp.end})`);
    }
    // the body as a whole is the API's body, unchanged
    assert.equal(await page.locator('.body').textContent(), a.body);
    nested += await page.locator('.body .fact .fact').count();
    // a fact's tooltip shows on focus and on hover, and says what the fact is
    const first = page.locator('.body .fact').first();
    await first.focus();
    assert.ok(await page.locator('#tip').isVisible(), 'tooltip on focus');
    assert.match(await page.locator('#tip').textContent(), /كيان|اقتباس|قول منقول|رقم|تاريخ/);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#tip').isVisible(), false, 'Escape hides the tooltip');
    await page.locator('.body .fact').nth(1).hover();
    assert.ok(await page.locator('#tip').isVisible(), 'tooltip on hover');
    if (m === s.members[0]) {
      await page.screenshot({ path: path.join(ARTIFACTS, 'article.png'), fullPage: true });
    }
    await finish(o, `article ${m.id}`, { a11y: m === s.members[0] });
  }
  assert.ok(nested > 0, 'some fact nests in another (a number in a quotation)');
});

test('markRanges counts code points, nests ranges and never cuts one', async () => {
  const o = await open('/?view=stories');
  const out = await o.page.evaluate(() => {
    const run = (text, ranges) => {
      const { frag, skipped } = markRanges(text, ranges, (r) => {
        const m = document.createElement('mark');
        m.dataset.r = `${r.start},${r.end}`;
        return m;
      });
      const div = document.createElement('div');
      div.append(frag);
      return { text: div.textContent, marks: [...div.querySelectorAll('mark')].map((m) => [m.dataset.r, m.textContent,
        m.parentElement.tagName]), skipped: skipped.length };
    };
    return [
      // astral characters are one code point each (two UTF-16 units)
      run('a😀b😀c', [{ start: 1, end: 3 }]),
      // nested, and a range crossing another's end (left unmarked)
      run('0123456789', [{ start: 2, end: 8 }, { start: 3, end: 5 }, { start: 7, end: 9 }, { start: 20, end: 22 }]),
    ];
  });
  assert.deepEqual(out[0], { text: 'a😀b😀c', marks: [['1,3', '😀b', 'DIV']], skipped: 0 });
  assert.deepEqual(out[1], { text: '0123456789', marks: [['2,8', '234567', 'DIV'], ['3,5', '34', 'MARK']], skipped: 1 });
  await finish(o, 'markRanges', { a11y: false });
});

test('an article: the switch shows and hides the removed lines', async () => {
  const s = await story();
  let id = null, a = null;
  for (const m of s.members) {
    a = await getJSON(`/api/v1/articles/${encodeURIComponent(m.id)}`);
    if (a.removed.length) { id = m.id; break; }
  }
  assert.ok(id, 'an article of the story has removed lines');
  const o = await open(`/?view=article&id=${encodeURIComponent(id)}`);
  const { page } = o;
  assert.equal(await page.locator('#removed').isVisible(), false);
  await page.click('label[for=removed-toggle]');
  assert.equal(await page.locator('#removed').isVisible(), true);
  assert.equal(await page.locator('#removed li').count(), a.removed.length);
  assert.deepEqual(await page.locator('#removed li del').allTextContents(), a.removed.map((r) => r.text));
  assert.equal(new URL(page.url()).searchParams.get('removed'), '1');
  await page.reload();
  await settled(page);
  assert.equal(await page.locator('#removed').isVisible(), true, 'removed=1 survives a reload');
  await page.keyboard.press('Tab'); // the switch works from the keyboard too
  await page.focus('#removed-toggle');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#removed').isVisible(), false);
  await finish(o, 'article removed lines', { a11y: false });
});

test('the digits switch prints Arabic-Indic digits and keeps the choice in the URL', async () => {
  const s = await story();
  const o = await open(`/?view=story&id=${s.id}`);
  const { page } = o;
  const before = await page.locator('svg.timeline text.count').first().textContent();
  assert.ok(/[0-9]/.test(before) && !INDIC.test(before));
  await page.click('#digits');
  await settled(page);
  assert.equal(new URL(page.url()).searchParams.get('digits'), 'arab');
  assert.equal(await page.getAttribute('#digits', 'aria-pressed'), 'true');
  const after = await page.locator('svg.timeline text.count').first().textContent();
  assert.ok(INDIC.test(after) && !/[0-9]/.test(after), `Arabic-Indic: ${after}`);
  assert.equal(fromIndic(after), before);
  const meta = await page.locator('main > .meta').first().textContent();
  assert.ok(!/[0-9]/.test(meta), `no Western digit in "${meta}"`);
  // links carry the choice to the next page
  await page.click('nav a[data-nav=stories]');
  await settled(page);
  assert.equal(new URL(page.url()).searchParams.get('digits'), 'arab');
  assert.ok(INDIC.test(await page.locator('.summary').textContent()));
  assert.equal(await page.locator('ol.stories').evaluate((ol) => getComputedStyle(ol).listStyleType), 'arabic-indic');
  await page.screenshot({ path: path.join(ARTIFACTS, 'stories-arab-digits.png') });
  await finish(o, 'digits', { a11y: false });
});

test('errors from the API are shown in Arabic, never a blank page', async () => {
  let o = await open('/?view=story&id=987654321', { expect: [404] });
  let page = o.page;
  assert.ok(await page.locator('.error[role=alert]').isVisible());
  assert.match(await page.locator('.error').textContent(), /لم يُعثر/);
  assert.match(await page.locator('.error .detail').textContent(), /not_found/);
  await finish(o, 'error page');

  o = await open('/?q=' + encodeURIComponent('"التحالف'), { expect: [400] });
  page = o.page;
  assert.match(await page.locator('.error').textContent(), /صيغة البحث/);
  assert.ok(await page.locator('.error .qerr').isVisible(), 'the query error shows where');
  await finish(o, 'query error', { a11y: false });

  o = await open('/?view=nothing-here');
  assert.ok(await o.page.locator('.error').isVisible());
  await finish(o, 'unknown view', { a11y: false });
});

test('a phone (360 px) has no horizontal scroll on any view', async () => {
  const s = await story();
  const views = [['/', 'home'], ['/?q=' + encodeURIComponent('الموصل OR السيول'), 'search'],
    ['/?view=stories', 'stories'], [`/?view=story&id=${s.id}`, 'story'],
    [`/?view=article&id=${encodeURIComponent(s.members[0].id)}&removed=1`, 'article']];
  for (const [url, name] of views) {
    const o = await open(url, { width: 360, height: 740 });
    await noHorizontalScroll(o.page, name);
    if (name === 'story' || name === 'article') {
      await o.page.screenshot({ path: path.join(ARTIFACTS, `phone-${name}.png`), fullPage: true });
    }
    await finish(o, `phone ${name}`, { a11y: false });
  }
});
