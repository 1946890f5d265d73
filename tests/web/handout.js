// handout.js -- the printed handout (issue 14): `bedback assess --format
// html` printed to A4 by Debian's chromium (playwright-core) is one or two
// pages for every answers file given, and on paper nothing of the triage
// is lost: the level and headline, every warning sign not ruled out (by
// its label), every warning sign found with its reasons. What paper leaves
// out (the reasons and evidence lines) is said on paper.
// Usage: node handout.js [--max N] BEDBACK FILE_OR_DIR...  (at most N
// pages, 2 unless told; a directory: its *.json;
// a file holding {"answers": ...} as the golden cases do, or answers alone;
// cases whose answers are refused are not printable and are passed over,
// counted). The PDFs of the longest handout and of the first file go to
// $BB_HANDOUT_DIR when it is set (for review).
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { pdfPages } = require('./pdf');

const argv = process.argv.slice(2);
let MAX_PAGES = 2;
if (argv[0] === '--max') {
  MAX_PAGES = Number(argv[1]);
  argv.splice(0, 2);
}
const [bedback, ...args] = argv;
if (!bedback || !args.length || !(MAX_PAGES >= 1)) {
  console.error('usage: node handout.js [--max N] BEDBACK FILE_OR_DIR...');
  process.exit(64);
}
const CHROMIUM = process.env.BB_CHROMIUM || '/usr/bin/chromium';
if (process.env.BB_HANDOUT_DIR) fs.mkdirSync(process.env.BB_HANDOUT_DIR, { recursive: true });

let failures = 0;
function fail(what) {
  failures++;
  console.log(`not ok - ${what}`);
}

function inputs() {
  const files = [];
  for (const a of args) {
    if (fs.statSync(a).isDirectory())
      for (const f of fs.readdirSync(a).sort()) {
        if (f.endsWith('.json')) files.push(path.join(a, f));
      }
    else files.push(a);
  }
  return files;
}

// The answers of a file: a golden case's "answers" (none for the cases
// about unreadable input: answers_text, answers_path), or the file itself.
function answersOf(file) {
  let d;
  try {
    d = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return null;
  }
  if (d && typeof d === 'object' && !Array.isArray(d) && 'expect' in d) return d.answers || null;
  return d;
}


(async () => {
  const t0 = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-handout-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  let printed = 0;
  let refused = 0;
  let longest = { pages: 0 };
  const histogram = {};
  try {
    for (const file of inputs()) {
      const name = path.basename(file, '.json');
      const answers = answersOf(file);
      if (!answers || typeof answers !== 'object') {
        refused++;
        continue;
      }
      const af = path.join(tmp, 'answers.json');
      fs.writeFileSync(af, JSON.stringify(answers));
      let html, json;
      try {
        const env = { ...process.env, BEDBACK_TEST_NOW: '2026-12-02 21' };
        html = execFileSync(bedback, ['assess', '--answers', af, '--format', 'html'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
        json = JSON.parse(execFileSync(bedback, ['assess', '--answers', af, '--json'], { env, stdio: ['ignore', 'pipe', 'ignore'] }));
      } catch (e) {
        if (e.status === 65) {
          refused++; // answers the engine refuses: the case of a bad input
          continue;
        }
        fail(`${name}: bedback exited ${e.status}`);
        continue;
      }
      const hf = path.join(tmp, `${name}.html`);
      fs.writeFileSync(hf, html);
      // page.pdf prints with the emulated media: print, as a browser does
      await page.emulateMedia({ media: 'print' });
      await page.goto('file://' + hf);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const n = pdfPages(pdf);
      printed++;
      histogram[n] = (histogram[n] || 0) + 1;
      if (n < 1 || n > MAX_PAGES) fail(`${name}: the handout prints on ${n} A4 pages (at most ${MAX_PAGES})`);
      if (n > longest.pages) longest = { pages: n, name, pdf };
      if (printed === 1 && process.env.BB_HANDOUT_DIR)
        fs.writeFileSync(path.join(process.env.BB_HANDOUT_DIR, `handout-${name}.pdf`), pdf);

      // what paper shows: the triage and every warning sign, never left out
      const seen = await page.evaluate(() => {
        const vis = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
        const all = (sel) => [...document.querySelectorAll(sel)];
        return {
          triage: vis(document.querySelector('.bb-a .triage .headline')),
          unaskedItems: all('.bb-a .unasked li').filter(vis).length,
          unaskedEmpty: all('.bb-a .unasked li').filter(vis).some((e) => !e.innerText.trim()),
          unaskedParts: all('.bb-a .unasked p').filter(vis)
            .map((e) => e.innerText).filter((t) => t.startsWith('Not asked:'))
            .map((t) => t.split('; ').length)[0] || 0,
          unaskedBox: vis(document.querySelector('.bb-a .unasked')),
          flags: all('.bb-a .flag').filter(vis).length,
          flagReasons: all('.bb-a .flag .because').filter(vis).length,
          allFlagReasons: all('.bb-a .flag .because').length,
          why: all('.bb-a .why, .bb-a .ev').filter(vis).length,
          paperNote: all('.bb-a .paper').filter(vis).length > 0,
          answersVisible: vis(document.querySelector('.bb-a table.answers')),
          // paper shows the short forms, never both forms of one thing
          bothForms: all('.bb-a .screen').filter(vis).length,
        };
      });
      const tri = json.triage;
      if (!seen.triage) fail(`${name}: the triage headline is not on paper`);
      const unasked = tri.unasked || [];
      if (unasked.length && !seen.unaskedBox) fail(`${name}: the warning signs not ruled out are not on paper`);
      // each by its label: one item a sign (at an emergency one line, "; " between)
      if (tri.level === 'emergency') {
        if (unasked.length && seen.unaskedParts !== unasked.length)
          fail(`${name}: ${seen.unaskedParts} of ${unasked.length} unasked warning signs on paper`);
      } else if (seen.unaskedItems !== unasked.length || seen.unaskedEmpty)
        fail(`${name}: ${seen.unaskedItems} of ${unasked.length} unasked warning signs on paper`);
      if (seen.flags !== (tri.flags || []).length) fail(`${name}: ${seen.flags} of ${(tri.flags || []).length} warning signs on paper`);
      if (seen.flagReasons !== seen.allFlagReasons) fail(`${name}: a warning sign's reasons are not on paper`);
      if (seen.why) fail(`${name}: ${seen.why} reason or evidence lines on paper`);
      if (!seen.paperNote) fail(`${name}: paper does not say what it leaves out`);
      if (!seen.answersVisible) fail(`${name}: the answers are not on paper`);
      if (seen.bothForms) fail(`${name}: ${seen.bothForms} screen-only parts on paper`);
    }
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (longest.pdf && process.env.BB_HANDOUT_DIR)
    fs.writeFileSync(path.join(process.env.BB_HANDOUT_DIR, `handout-longest-${longest.name}.pdf`), longest.pdf);
  if (!printed) fail('no answers file printed');
  const pages = Object.keys(histogram).map((k) => `${histogram[k]} on ${k}`).join(', ');
  console.log(`${printed} handouts printed (${pages} page(s)); ${refused} refused answers passed over; longest: ${longest.name} (${longest.pages})`);
  console.log(`${failures ? 'FAILED' : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.log(`not ok - ${e.stack || e}`);
  process.exit(1);
});
