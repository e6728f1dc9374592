// A release's report.html in a real browser (Debian's chromium, headless, through playwright-core):
// loads it from disk, records console errors and every request other than the file itself, checks that
// each chart is an SVG with role="img" and a non-empty <title> and <desc> and that no label of a chart
// falls outside it (clipped), takes a full-page screenshot
// and checks it is not blank (a spread of pixel values). Prints a JSON summary; exit 1 on a failed check.
// usage: node check-report.js REPORT.html SCREENSHOT.png [WIDTH]
const { chromium } = require('playwright-core');
const { PNG } = require('pngjs');
const fs = require('fs');
const path = require('path');

(async () => {
  const [report, screenshot, width] = process.argv.slice(2);
  const url = 'file://' + path.resolve(report);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: Number(width || 1024), height: 800 } });
  const consoleErrors = [];
  const requests = [];
  page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
  page.on('pageerror', e => consoleErrors.push(e.message));
  page.on('request', r => { if (r.url() !== url) requests.push(r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  const charts = await page.$$eval('figure svg', svgs => svgs.map(s => ({
    id: s.id,
    role: s.getAttribute('role'),
    title: (s.querySelector('title') || {}).textContent || '',
    desc: (s.querySelector('desc') || {}).textContent || '',
    width: s.getBoundingClientRect().width,
  })));
  // Every label inside its chart: a text whose box on the page leaves its chart's box is clipped (as
  // "2021-0" once was); boxes on the page, so that rotated labels are measured as drawn.
  const clipped = await page.$$eval('figure svg', svgs => svgs.flatMap(s => {
    const outer = s.getBoundingClientRect();
    return [...s.querySelectorAll('text')].map(t => ({ text: t.textContent, box: t.getBoundingClientRect() }))
      .filter(({ box }) => box.left < outer.left - 0.5 || box.top < outer.top - 0.5 || box.right > outer.right + 0.5 || box.bottom > outer.bottom + 0.5)
      .map(({ text, box }) => `${s.id}: "${text}" at ${box.left.toFixed(1)}..${box.right.toFixed(1)} x ${box.top.toFixed(1)}..${box.bottom.toFixed(1)}, outside ${outer.left.toFixed(1)}..${outer.right.toFixed(1)} x ${outer.top.toFixed(1)}..${outer.bottom.toFixed(1)}`);
  }));
  const scripts = await page.$$eval('script', s => s.length);
  const headings = await page.$$eval('h2', h => h.map(x => x.textContent));
  await page.screenshot({ path: screenshot, fullPage: true });
  // Printed on both paper sizes, as the page's print style sheet lays it out.
  const printed = {};
  for (const format of ['A4', 'Letter']) {
    const pdf = await page.pdf({ format, printBackground: true });
    printed[format] = { bytes: pdf.length, pages: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length };
  }
  await browser.close();

  const png = PNG.sync.read(fs.readFileSync(screenshot));
  const seen = new Set();
  for (let i = 0; i < png.data.length; i += 4 * 97) seen.add(png.data.readUInt32BE(i));
  const problems = [];
  if (consoleErrors.length) problems.push(`console: ${consoleErrors.join(' | ')}`);
  if (requests.length) problems.push(`network requests: ${requests.join(' ')}`);
  if (scripts) problems.push(`${scripts} script elements`);
  for (const c of clipped) problems.push(`clipped label ${c}`);
  if (!charts.length) problems.push('no charts');
  for (const c of charts) {
    if (c.role !== 'img' || !c.title.trim() || !c.desc.trim()) problems.push(`chart ${c.id} lacks role="img", a title or a description`);
    if (c.width < 100) problems.push(`chart ${c.id} is ${c.width}px wide`);
  }
  if (seen.size < 20) problems.push(`the screenshot looks blank (${seen.size} distinct pixel values)`);
  for (const [format, p] of Object.entries(printed)) if (p.pages < 1 || p.bytes < 10000) problems.push(`printing on ${format} gave ${p.pages} pages, ${p.bytes} bytes`);
  console.log(JSON.stringify({ charts: charts.length, headings, colours: seen.size, height: png.height, printed, problems }, null, 1));
  process.exit(problems.length ? 1 : 0);
})().catch(e => { console.log(`error: ${e.message}`); process.exit(2); });
