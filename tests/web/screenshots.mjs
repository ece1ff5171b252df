// The README's pictures of the page: the search and story views of the example archive,
// at 1200×800, into docs/img/. Run after `make test-web` has installed the modules:
//   node tests/web/screenshots.mjs          (MARSAD_URL=http://… to use a running server)
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, ROOT } from './server.mjs';

const out = path.join(ROOT, 'docs/img');
const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  fs.mkdirSync(out, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, locale: 'ar' });
  // the flood of the examples: its search, then its story (the first hit's)
  await page.goto(`${server.base}/?q=${encodeURIComponent('سيول كسلا')}`);
  await page.waitForSelector('ol.hits li');
  await page.screenshot({ path: path.join(out, 'search.png') });
  const story = await (await fetch(`${server.base}/api/v1/stories?q=${encodeURIComponent('title:كسلا')}`)).json();
  await page.goto(`${server.base}/?view=story&id=${story.stories[0].id}`);
  await page.waitForSelector('svg');
  await page.screenshot({ path: path.join(out, 'story.png') });
  console.log(`docs/img/search.png, docs/img/story.png (story ${story.stories[0].id})`);
} finally {
  await browser.close();
  await server.stop();
}
