// lib.js -- what the browser tests share: a bedback-serve on a port of
// their own with a fresh diary, Debian's chromium driven by
// playwright-core (never a downloaded browser), every request counted,
// axe-core, screenshots under build/screenshots.
// Usage of a test: node TEST.js SERVE_PROGRAM PORT SHOTS_DIR
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [serveBin, portArg, shotsArg] = process.argv.slice(2);
if (!serveBin || !portArg) {
  console.error('usage: node TEST.js SERVE_PROGRAM PORT [SHOTS_DIR]');
  process.exit(64);
}
const port = Number(portArg);
const base = `http://127.0.0.1:${port}`;
const shots = shotsArg || path.join(process.cwd(), 'screenshots');
const CHROMIUM = process.env.BB_CHROMIUM || '/usr/bin/chromium';

let failures = 0;
function check(cond, what) {
  if (cond) {
    console.log(`ok - ${what}`);
  } else {
    failures++;
    console.log(`not ok - ${what}`);
  }
}

// The server: a temporary diary, the clock fixed (the night of
// 2026-11-30, morning of 2026-12-01).
async function startServer(opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-web-'));
  const db = path.join(dir, 'diary.db');
  const env = { ...process.env, BEDBACK_TEST_NOW: opts.now || '2026-12-01 08' };
  const proc = spawn(serveBin, ['--port', String(port), '--db', db], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`bedback-serve did not start: ${out}`)), 15000);
    const on = (d) => {
      out += d;
      if (out.includes('running at')) {
        clearTimeout(t);
        resolve();
      }
    };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    proc.on('exit', (c) => reject(new Error(`bedback-serve exited ${c}: ${out}`)));
  });
  return {
    db,
    dir,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Every request any page of `context` makes, to check they all go to the
// server itself.
function countRequests(context) {
  const seen = [];
  context.on('request', (r) => seen.push(r.url()));
  return {
    seen,
    report(what) {
      const away = seen.filter((u) => !u.startsWith(base + '/'));
      check(seen.length > 0 && away.length === 0,
        `${what}: all ${seen.length} requests went to ${base}` +
          (away.length ? ` (not: ${away.join(', ')})` : ''));
    },
  };
}

async function axe(page, what) {
  const { AxeBuilder } = require('@axe-core/playwright');
  const res = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const v = res.violations;
  check(v.length === 0, `axe: ${what}: no violations` +
    (v.length ? ': ' + v.map((x) => `${x.id} (${x.nodes.length}: ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`).join(', ') : ''));
}

async function shot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

// Screenshots at 360 px and at a desktop width; at 360 px nothing may
// be wider than the screen (the page would scroll sideways).
async function both(page, name) {
  await page.setViewportSize({ width: 360, height: 780 });
  const wide = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 1 && !el.closest('.table-wrap')) out.push(`${el.tagName.toLowerCase()}.${el.className && el.className.baseVal === undefined ? el.className : ''} (${Math.round(r.right)} px)`);
    }
    return { scroll: document.documentElement.scrollWidth, w, out: out.slice(0, 5) };
  });
  check(wide.scroll <= wide.w, `${name}: nothing wider than 360 px` + (wide.scroll > wide.w ? `: ${wide.scroll} px; ${wide.out.join(', ')}` : ''));
  await shot(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, `${name}-1280`);
}

// A full self-care check on the open /check page (with or without
// JavaScript): every warning sign "no", some of the rest.
const NO = ['bladder_change', 'bowel_change', 'saddle_numbness', 'sexual_dysfunction', 'rest_pain',
  'major_trauma', 'chest_pain', 'fever', 'cancer_history', 'weight_loss', 'steroid_use',
  'osteoporosis'];
async function fillSelfCare(page) {
  for (const id of NO) await page.check(`input[name="${id}"][value="no"]`);
  await page.check('input[name="leg_weakness"][value="none"]');
  await page.check('input[name="leg_numbness"][value="none"]');
  await page.check('input[name="sleep_position"][value="side"]');
  await page.fill('#f-age', '40');
  await page.fill('#f-tightness', '5');
  await page.check('input[name="sex"][value="female"]');
  await page.fill('#f-height_cm', '165');
  await page.fill('#f-weight_kg', '65');
  await page.fill('#f-mattress_firmness', '7');
}

// Console errors and uncaught exceptions of a page.
function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    report(what) {
      check(errors.length === 0, `${what}: no script errors` + (errors.length ? ': ' + errors.join('; ') : ''));
    },
  };
}

// Runs `body`; exits 0 when every check passed.
async function main(body) {
  const t0 = Date.now();
  try {
    await body();
  } catch (e) {
    failures++;
    console.log(`not ok - ${e.stack || e}`);
  }
  console.log(`${failures ? 'FAILED' : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(failures ? 1 : 0);
}

module.exports = { shotsDir: shots, base, port, check, startServer, launch, countRequests, axe, shot, both, main, fillSelfCare, watchErrors, NO };
