#!/usr/bin/env node
// The round trip through a FHIR forms renderer no one here wrote (issue 15):
// NLM's LHC-Forms (npm lforms, its web component and its R4 FHIR library) in
// Debian's headless Chromium, driven by Playwright (playwright-core, no
// browser download), renders bedback's Questionnaire (`bedback fhir
// questionnaire`); for each answers file the test fills the form in the way a
// person would — clicking the Yes/No and choice buttons, typing into the
// number fields and picking from the lists — takes the QuestionnaireResponse
// out with LHC-Forms' own export (LForms.Util.getFormFHIRData), and requires:
//   1. the response holds exactly the answers that were entered (read back
//      from the FHIR items, by linkId: a check that does not involve bedback);
//   2. `bedback assess --fhir-response` on it exits 0 and prints assessment
//      JSON byte for byte identical to `bedback assess --answers` of the same
//      answers as JSON.
// With --enable-when it checks instead that the renderer honours enableWhen:
// the knee-pillow questions appear only for the sleep positions they belong to.
//
// usage: roundtrip.js --bedback EXE --port N --work DIR [--enable-when] [FILE...]
// FILE: a golden case (tests/cases, its "answers") or a shared example.
// One browser and one page for the whole process: the form is rendered anew
// for every case (LForms.Util.addFormToPage), never the browser restarted.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const {execFileSync, spawnSync} = require('child_process');
const {chromium} = require('playwright-core');
const {browserArgs, CHROMIUM} = require('./browser.js');

const LFORMS = path.join(path.dirname(require.resolve('lforms/package.json')), 'dist', 'lforms');

function parseArgs(argv) {
  const o = {files: [], enableWhen: false};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--bedback') o.bedback = argv[++i];
    else if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--work') o.work = argv[++i];
    else if (a === '--questionnaire') o.questionnaire = argv[++i];
    else if (a === '--enable-when') o.enableWhen = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (!o.bedback || !o.port || !o.work) throw new Error('usage: roundtrip.js --bedback EXE --port N --work DIR [--enable-when] [FILE...]');
  return o;
}

// The page declares its charset: without it LHC-Forms' FHIRPath lexer reads
// its grammar in the wrong encoding and throws a bare GUID.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bedback in LHC-Forms</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css"></head>
<body><div id="form"></div>
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/runtime.js"></script>
<script src="/lforms/webcomponent/polyfills.js"></script>
<script src="/lforms/webcomponent/main.js"></script>
<script src="/lforms/fhir/R4/lformsFHIR.min.js"></script>
</body></html>`;

const TYPES = {'.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json'};

// The page, LHC-Forms' files and the Questionnaire, from 127.0.0.1 only.
function serve(port, questionnaire) {
  const server = http.createServer((req, res) => {
    const url = req.url.split('?')[0];
    if (url === '/') {
      res.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
      return res.end(PAGE);
    }
    if (url === '/questionnaire.json') {
      res.writeHead(200, {'content-type': 'application/fhir+json'});
      return res.end(questionnaire);
    }
    const file = path.join(LFORMS, path.normalize(url.replace(/^\/lforms\//, '/')));
    if (!url.startsWith('/lforms/') || !file.startsWith(LFORMS + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, {'content-type': TYPES[path.extname(file)] || 'application/octet-stream'});
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

// Every question of the Questionnaire by linkId, in document order.
function questions(q) {
  const out = [];
  (function walk(items) {
    for (const it of items || []) {
      if (it.type !== 'group' && it.type !== 'display') out.push(it);
      walk(it.item);
    }
  })(q.item);
  return out;
}

function displayOf(item, code) {
  const opt = (item.answerOption || []).find(o => o.valueCoding && o.valueCoding.code === code);
  if (!opt) throw new Error(`${item.linkId}: the Questionnaire offers no answer "${code}"`);
  return opt.valueCoding.display || opt.valueCoding.code;
}

// A number as a person types it: 38.0 is "38", 0.5 is "0.5".
const typed = v => String(Number(v));

// Where to click, found in the page in one round trip: the centre of the
// Yes/No button, the choice button, the input field or the list line that
// says the answer, scrolled into view as a person scrolls to it. Before
// looking, a task goes by: LHC-Forms applies an answer's consequences (an
// enableWhen showing or hiding items) after the click's own event handlers.
// null when the item is not on the form (hidden by its enableWhen).
function installLocator() {
  const norm = t => t.replace(/\s+/g, ' ').trim();
  window.bbAt = async (linkId, what, text) => {
    await new Promise(r => setTimeout(r, 0));
    const box = document.querySelector(`#form lhc-item[id^="item-${linkId}/"]`);
    if (!box) return null;
    let el = null;
    if (what === 'yes' || what === 'no')
      el = box.querySelector(`label[id$="|${what === 'yes' ? 'true' : 'false'}"]`);
    else if (what === 'button')
      el = [...box.querySelectorAll('label.ant-radio-wrapper, label.ant-checkbox-wrapper')].find(l => norm(l.textContent) === text);
    else if (what === 'input')
      el = box.querySelector('input');
    else if (what === 'line')
      el = [...document.querySelectorAll('#lhc-tools-searchResults li')].find(li => norm(li.textContent).replace(/^\d+:\s*/, '') === text);
    else if (what === 'buttons')
      return {buttons: box.querySelectorAll('label.ant-radio-wrapper, label.ant-checkbox-wrapper').length};
    if (!el) return {missing: what};
    el.scrollIntoView({block: 'center'});
    const r = el.getBoundingClientRect();
    return {x: r.left + r.width / 2, y: r.top + r.height / 2};
  };
}

const at = (page, linkId, what, text) => page.evaluate(([l, w, t]) => window.bbAt(l, w, t), [linkId, what, text]);

async function render(page, ms) {
  await page.evaluate(async () => {
    const q = await (await fetch('/questionnaire.json')).json();
    await LForms.Util.addFormToPage(q, 'form');
  });
  await page.waitForSelector('#form lhc-item', {timeout: ms});
}

// Real input events through the browser's input pipeline (the DevTools
// protocol's Input domain, as Playwright's mouse and keyboard send them, sent
// here without the mouse move and the waits between press and release that
// cost a round trip each): a press and a release of the left button, and
// text typed into the focused field as the keyboard's text input
// (Input.insertText, what an on-screen keyboard sends).
class Person {
  constructor(page, cdp) { this.page = page; this.cdp = cdp; }
  async clickAt(p) {
    const e = {x: p.x, y: p.y, button: 'left', clickCount: 1};
    await Promise.all([this.cdp.send('Input.dispatchMouseEvent', {type: 'mousePressed', ...e}),
      this.cdp.send('Input.dispatchMouseEvent', {type: 'mouseReleased', ...e})]);
  }
  async click(linkId, what, text) {
    const p = await at(this.page, linkId, what, text);
    if (!p || p.missing) throw new Error(`${linkId}: no ${what}${text ? ` "${text}"` : ''} to click on the form`);
    await this.clickAt(p);
  }
  async type(text) {
    await this.cdp.send('Input.insertText', {text});
  }
  // Answers one question; false when the form does not show it (enableWhen).
  async fill(item, value) {
    const id = item.linkId;
    if (item.type === 'boolean') {
      const p = await at(this.page, id, value ? 'yes' : 'no');
      if (p === null) return false;
      await this.click(id, value ? 'yes' : 'no');
      return true;
    }
    if (item.type === 'choice') {
      const label = displayOf(item, value);
      const p = await at(this.page, id, 'button', label);
      if (p === null) return false;
      if (!p.missing) {
        await this.clickAt(p);
        return true;
      }
      // A list: click into the field, then on the line that says the answer.
      await this.click(id, 'input');
      await this.click(id, 'line', label);
      return true;
    }
    if (item.type === 'integer' || item.type === 'decimal') {
      const p = await at(this.page, id, 'input');
      if (p === null) return false;
      await this.clickAt(p);
      await this.type(typed(value));
      return true;
    }
    throw new Error(`${id}: no way to fill an item of type ${item.type}`);
  }
}

const shown = async (page, linkId) => (await at(page, linkId, 'buttons')) !== null;

// The answers a QuestionnaireResponse holds, by linkId (nested groups too).
function answersOf(qr) {
  const out = {};
  (function walk(items) {
    for (const it of items || []) {
      for (const a of it.answer || []) {
        if (it.linkId in out) throw new Error(`${it.linkId}: more than one answer`);
        if ('valueBoolean' in a) out[it.linkId] = a.valueBoolean;
        else if ('valueCoding' in a) out[it.linkId] = a.valueCoding.code;
        else if ('valueInteger' in a) out[it.linkId] = a.valueInteger;
        else if ('valueDecimal' in a) out[it.linkId] = a.valueDecimal;
        else throw new Error(`${it.linkId}: an answer of an unexpected type: ${JSON.stringify(a)}`);
        walk(a.item);
      }
      walk(it.item);
    }
  })(qr.item);
  return out;
}

function same(a, b) {
  return typeof a === 'number' || typeof b === 'number' ? Number(a) === Number(b) : a === b;
}

function firstDifference(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if (x[i] !== y[i]) return `line ${i + 1}: JSON answers give ${JSON.stringify(x[i])}, the response gives ${JSON.stringify(y[i])}`;
  return 'no difference';
}

function run(exe, args) {
  const r = spawnSync(exe, args, {encoding: 'utf8', maxBuffer: 1 << 24});
  return {status: r.status, stdout: r.stdout, stderr: r.stderr};
}

// The answers of a case, or null for a case of bad input (one that expects an
// error, or gives raw text or extra arguments): nothing a person could enter
// in a form.
function caseAnswers(file) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!doc.answers || typeof doc.answers !== 'object' || Array.isArray(doc.answers) || doc.args || (doc.expect && doc.expect.exit))
    return null;
  return doc.answers;
}

async function roundTrip(person, o, byId, file) {
  const page = person.page;
  const name = path.basename(file, '.json');
  const answers = caseAnswers(file);
  if (!answers) return null;
  const t0 = Date.now();
  await render(page, 30000);
  // Top to bottom, as the form asks: an answer can show or hide the items below it.
  const entered = {}, hidden = [], absent = [];
  for (const key of Object.keys(answers)) if (!byId.has(key)) absent.push(key);
  for (const item of byId.values()) {
    if (!(item.linkId in answers)) continue;
    if (await person.fill(item, answers[item.linkId])) entered[item.linkId] = answers[item.linkId];
    else hidden.push(item.linkId);
  }
  const qr = await page.evaluate(() =>
    LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form')));
  const problems = [];
  const got = answersOf(qr);
  for (const [k, v] of Object.entries(entered))
    if (!(k in got)) problems.push(`${k}: entered ${JSON.stringify(v)}, not in the response`);
    else if (!same(got[k], v)) problems.push(`${k}: entered ${JSON.stringify(v)}, the response says ${JSON.stringify(got[k])}`);
  for (const k of Object.keys(got))
    if (!(k in entered)) problems.push(`${k}: in the response (${JSON.stringify(got[k])}) but never entered`);

  const qrFile = path.join(o.work, `${name}.qr.json`);
  const ansFile = path.join(o.work, `${name}.answers.json`);
  fs.writeFileSync(qrFile, JSON.stringify(qr, null, 1));
  fs.writeFileSync(ansFile, JSON.stringify(answers));
  const viaJson = run(o.bedback, ['assess', '--answers', ansFile, '--json']);
  const viaFhir = run(o.bedback, ['assess', '--fhir-response', qrFile, '--json']);
  if (viaJson.status !== 0) problems.push(`assess --answers exited ${viaJson.status}: ${viaJson.stderr.trim()}`);
  if (viaFhir.status !== 0) problems.push(`assess --fhir-response exited ${viaFhir.status}: ${viaFhir.stderr.trim()}`);
  else if (viaJson.stdout !== viaFhir.stdout) problems.push(`the assessments differ, ${firstDifference(viaJson.stdout, viaFhir.stdout)}`);
  return {name, entered: Object.keys(entered).length, hidden, absent, problems, qrFile, seconds: (Date.now() - t0) / 1000};
}

// The knee-pillow questions for each sleep position, as the knowledge base's
// ask_when says (bedback questions --json), against what the renderer shows.
async function enableWhen(person, o, byId) {
  const page = person.page;
  const kb = JSON.parse(execFileSync(o.bedback, ['questions', '--json'], {encoding: 'utf8'}));
  const list = Array.isArray(kb) ? kb : kb.questions;
  const pos = list.find(q => q.id === 'sleep_position');
  const dependents = list.filter(q => typeof q.ask_when === 'string' && /\bsleep_position\b/.test(q.ask_when) && byId.has(q.id));
  if (!pos || !dependents.some(q => /knee/.test(q.id)))
    throw new Error('the knowledge base has no knee-pillow question that depends on sleep_position');
  // Only the two forms the knowledge base uses: "sleep_position in [...]" and
  // "unknown(sleep_position)", joined by "or" (anything else fails the test).
  const expected = (aw, value) => aw.split(' or ').some(part => {
    let m = part.trim().match(/^sleep_position in \[(.*)\]$/);
    if (m) return value !== undefined && m[1].split(',').map(s => s.trim().replace(/^'|'$/g, '')).includes(value);
    if (/^unknown\(sleep_position\)$/.test(part.trim())) return value === undefined;
    throw new Error(`cannot read the condition "${aw}"`);
  });
  const problems = [];
  let checks = 0;
  for (const value of [undefined, ...pos.choices]) {
    await render(page, 30000);
    if (value !== undefined && !await person.fill(byId.get('sleep_position'), value))
      throw new Error('sleep_position is not on the form');
    for (const q of dependents) {
      const isShown = await shown(page, q.id);
      checks++;
      if (isShown !== expected(q.ask_when, value))
        problems.push(`${q.id} ${isShown ? 'shown' : 'hidden'} when sleep_position is ${value === undefined ? 'unanswered' : value}`);
    }
  }
  return {checks, positions: pos.choices.length + 1, dependents: dependents.map(q => q.id), problems};
}

async function main() {
  const t0 = Date.now();
  const o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(o.work, {recursive: true});
  const qText = o.questionnaire ? fs.readFileSync(o.questionnaire, 'utf8')
    : execFileSync(o.bedback, ['fhir', 'questionnaire'], {encoding: 'utf8'});
  const q = JSON.parse(qText);
  const byId = new Map(questions(q).map(it => [it.linkId, it]));
  const server = await serve(o.port, qText);
  const userDir = fs.mkdtempSync(path.join(o.work, 'chromium-'));
  const browser = await chromium.launchPersistentContext(userDir,
    // A small window (less to paint after every click) and no animations (a
    // person's "reduce motion" setting): the same form, less work per click.
    {executablePath: CHROMIUM, headless: true, args: browserArgs, viewport: {width: 800, height: 600}, reducedMotion: 'reduce'});
  let failed = 0;
  try {
    const page = browser.pages()[0] || await browser.newPage();
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${o.port}/`);
    await page.waitForFunction(() => window.LForms && LForms.Util && LForms.Util.getFormFHIRData, null, {timeout: 60000});
    await page.evaluate(installLocator);
    const person = new Person(page, await browser.newCDPSession(page));
    if (o.enableWhen) {
      const r = await enableWhen(person, o, byId);
      for (const p of r.problems) console.log(`FAIL enableWhen: ${p}`);
      console.log(`enableWhen: ${r.dependents.join(', ')} checked for ${r.positions} sleep positions (unanswered and each choice): ${r.checks} checks, ${r.problems.length} wrong`);
      failed += r.problems.length;
    }
    let entered = 0, badInput = 0;
    for (const file of o.files) {
      const r = await roundTrip(person, o, byId, file);
      if (!r) {
        badInput++;
        continue;
      }
      entered += r.entered;
      const notes = (r.hidden.length ? `; hidden by enableWhen, so not entered: ${r.hidden.join(' ')}` : '')
        + (r.absent.length ? `; not a question of the form: ${r.absent.join(' ')}` : '');
      if (r.problems.length) {
        failed++;
        console.log(`FAIL ${r.name}: ${r.entered} answers entered${notes} (response: ${r.qrFile})`);
        for (const p of r.problems) console.log(`  ${p}`);
      } else {
        console.log(`ok ${r.name}: ${r.entered} answers entered${notes}; the assessments are identical (${r.seconds.toFixed(1)} s)`);
      }
    }
    if (errors.length) {
      failed++;
      console.log(`FAIL: errors on the page: ${errors.join(' | ')}`);
    }
    if (badInput) console.log(`${badInput} case files are bad input (they expect an error): nothing to enter in a form`);
    if (o.files.length)
      console.log(`${o.files.length - badInput} cases, ${entered} answers entered by clicking and typing, ${failed} failed, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(userDir, {recursive: true, force: true});
  }
  process.exit(failed ? 1 : 0);
}

main().catch(e => {
  console.error(`roundtrip.js: ${e.stack || e}`);
  process.exit(1);
});
