#!/usr/bin/env node
// The round trip through a FHIR forms renderer no one here wrote (issue 15):
// NLM's LHC-Forms (npm lforms, its web component and its R4 FHIR library) in
// Debian's headless Chromium, driven by Playwright (playwright-core, no
// browser download), renders bedback's Questionnaire (`bedback fhir
// questionnaire`, served with LHC-Forms' files from 127.0.0.1); the answers
// of each case are entered the way a person enters them - mouse clicks on
// the Yes/No/Not Answered buttons and on the lines of the lists, typing into
// the number fields, top to bottom so that each answer's enableWhen acts on
// the items below it - the QuestionnaireResponse is taken out with LHC-Forms'
// own export (LForms.Util.getFormFHIRData), and the test requires:
//   1. the response holds exactly the answers the form shows (read back from
//      the FHIR items by linkId: a check that does not involve bedback);
//   2. `bedback assess --fhir-response` on it exits 0 and prints assessment
//      JSON byte for byte identical to `bedback assess --answers --json` of
//      the same answers as JSON.
// "The same answers" are the case's, but for answers to questions the form
// hides by enableWhen (a person cannot give them); each is named, and where
// leaving them out changes the assessment of the case's full answers, that
// is said in a note (the engine uses an answer its own ask_when does not ask
// for), not failed.
//
// With --enable-when it checks that the renderer honours enableWhen: the
// questions whose ask_when reads sleep_position (the knee-pillow questions
// and pressure_points) are shown exactly for the positions the knowledge
// base's ask_when names (bedback questions --json), and when it is unanswered.
//
// One browser and one page for the whole process. With --fresh every case is
// entered on a freshly rendered form (LForms.Util.addFormToPage). Without it
// the form is rendered once and each case is entered by changing what the
// form shows into the case's answers (answers it lacks are taken back: "Not
// Answered", an emptied field), the cases in the order that needs the fewest
// changes: one render instead of one per case, and a few clicks per case
// instead of forty - a full make check can afford every case that way, and
// it also proves that answers can be changed and taken back. What is checked
// is the same either way: the response against what the form shows.
//
// usage: roundtrip.js --bedback EXE --port N --work DIR [--fresh]
//                     [--enable-when] [--questionnaire FILE] [CASE...]
// CASE: a golden case (tests/cases: its "answers"; cases of bad input, that
// expect an error, are counted and left out) or a shared example.
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
    else if (a === '--fresh') o.fresh = true;
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

// In the page, in one round trip each: an item's state as the form shows it,
// and where to click for an answer. Before looking, a task goes by: LHC-Forms
// applies an answer's consequences (an enableWhen showing or hiding items)
// after the click's own event handlers. A target is only returned once it is
// on the form, scrolled into view (as a person scrolls to it) and the point
// to click really is that element (nothing over it, the list opened and
// placed) - waiting a frame at a time for up to 5 s, as a person waits.
function installHelpers() {
  const norm = t => t.replace(/\s+/g, ' ').trim();
  const task = () => new Promise(r => setTimeout(r, 0));
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const boxOf = linkId => document.querySelector(`#form lhc-item[id^="item-${linkId}/"]`);
  const buttons = box => [...box.querySelectorAll('label.ant-radio-wrapper, label.ant-checkbox-wrapper')];
  const centre = el => {
    el.scrollIntoView({block: 'center'});
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    return r.width && r.height && hit && (el.contains(hit) || hit.contains(el)) ? {x, y} : undefined;
  };
  window.bb = {
    // null: not on the form; else what it shows: the checked button's text
    // and id, the field's text.
    async state(linkId, settled) {
      if (!settled) await task();
      const box = boxOf(linkId);
      if (!box) return null;
      const checked = buttons(box).find(l => /-wrapper-checked/.test(l.className));
      const input = box.querySelector('input:not([type="radio"]):not([type="checkbox"])');
      return {buttons: buttons(box).length, checked: checked ? norm(checked.textContent) : null,
        checkedId: checked ? checked.id : null, text: input ? input.value : null};
    },
    // The states of many items at once (one round trip for a whole form).
    async states(linkIds) {
      const out = {};
      await task();
      for (const id of linkIds) out[id] = await this.state(id, true);
      return out;
    },
    async target(linkId, what, text) {
      await task();
      const end = performance.now() + 5000;
      for (;;) {
        const box = boxOf(linkId);
        if (!box) return {missing: 'the item'};
        let el = null;
        if (what === 'yes' || what === 'no' || what === 'unanswered')
          el = box.querySelector(`label[id$="|${{yes: 'true', no: 'false', unanswered: 'null'}[what]}"]`);
        else if (what === 'button')
          el = buttons(box).find(l => norm(l.textContent) === text);
        else if (what === 'input')
          el = box.querySelector('input:not([type="radio"]):not([type="checkbox"])');
        else if (what === 'line') {
          const list = document.getElementById('lhc-tools-searchResults');
          if (list && list.style.visibility === 'visible')
            el = [...list.querySelectorAll('li')].find(li => norm(li.textContent).replace(/^\d+:\s*/, '') === text);
        }
        const p = el && centre(el);
        if (p) return p;
        if (performance.now() > end) return {missing: what};
        await frame();
      }
    },
    // Waits until the field shows text and its list is closed (a pick from a
    // list is applied after the click); false after 5 s.
    async shows(linkId, text) {
      const end = performance.now() + 5000;
      for (;;) {
        await task();
        const box = boxOf(linkId);
        const input = box && box.querySelector('input:not([type="radio"]):not([type="checkbox"])');
        const list = document.getElementById('lhc-tools-searchResults');
        if (input && norm(input.value) === text && !(list && list.style.visibility === 'visible')) return true;
        if (performance.now() > end) return false;
        await frame();
      }
    },
  };
}

const inPage = (page, fn, ...args) => page.evaluate(([f, a]) => window.bb[f](...a), [fn, args]);

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
// cost a round trip each): a press and a release of the left button; Ctrl+A
// and Backspace; text typed into the focused field as the keyboard's text
// input (Input.insertText, what an on-screen keyboard sends).
class Person {
  constructor(page, cdp) {
    this.page = page;
    this.cdp = cdp;
  }
  async click(linkId, what, text) {
    const p = await inPage(this.page, 'target', linkId, what, text || null);
    if (p.missing) throw new Error(`${linkId}: ${p.missing === what ? `no ${what}${text ? ` "${text}"` : ''}` : p.missing} to click on the form`);
    const e = {x: p.x, y: p.y, button: 'left', clickCount: 1};
    await Promise.all([this.cdp.send('Input.dispatchMouseEvent', {type: 'mousePressed', ...e}),
      this.cdp.send('Input.dispatchMouseEvent', {type: 'mouseReleased', ...e})]);
  }
  async key(k, code, vk) {
    await Promise.all([this.cdp.send('Input.dispatchKeyEvent', {type: 'rawKeyDown', key: k, code, windowsVirtualKeyCode: vk}),
      this.cdp.send('Input.dispatchKeyEvent', {type: 'keyUp', key: k, code, windowsVirtualKeyCode: vk})]);
  }
  // Ctrl+A, then the text (or Backspace for none).
  async retype(text) {
    const key = (k, code, vk, extra) => [
      this.cdp.send('Input.dispatchKeyEvent', {type: 'rawKeyDown', key: k, code, windowsVirtualKeyCode: vk, ...extra}),
      this.cdp.send('Input.dispatchKeyEvent', {type: 'keyUp', key: k, code, windowsVirtualKeyCode: vk, ...extra})];
    const steps = key('a', 'KeyA', 65, {modifiers: 2, commands: ['selectAll']});
    steps.push(text ? this.cdp.send('Input.insertText', {text}) : Promise.all(key('Backspace', 'Backspace', 8)));
    await Promise.all(steps);
  }
  // Makes the item show value (undefined: no answer), changing what it shows
  // (st, from bb.state) if that differs. Returns false when the form does not
  // show the item (its enableWhen is false), "changed" when it clicked or
  // typed, true when the item already showed value.
  async answer(item, value, st) {
    const id = item.linkId;
    if (st === undefined) st = await inPage(this.page, 'state', id);
    if (st === null) return false;
    if (item.type === 'boolean') {
      const want = value === undefined ? 'null' : String(value);
      const now = st.checkedId ? st.checkedId.slice(st.checkedId.lastIndexOf('|') + 1) : 'null';
      if (now === want) return true;
      await this.click(id, {true: 'yes', false: 'no', null: 'unanswered'}[want]);
      return 'changed';
    }
    if (item.type === 'choice') {
      const label = value === undefined ? '' : displayOf(item, value);
      if (st.buttons) {
        if ((st.checked || '') === label) return true;
        if (!label) throw new Error(`${id}: cannot take back a choice made with buttons`);
        await this.click(id, 'button', label);
        return 'changed';
      }
      if ((st.text || '').replace(/\s+/g, ' ').trim() === label) return true;
      // A list: click into the field, then on the line that says the answer
      // (or empty the field for no answer, and leave it).
      await this.click(id, 'input');
      if (label) await this.click(id, 'line', label);
      else {
        await this.retype('');
        await this.key('Tab', 'Tab', 9);
      }
      if (!await inPage(this.page, 'shows', id, label)) throw new Error(`${id}: the field does not show "${label}", its list closed, after the ${label ? 'pick' : 'emptying'}`);
      return 'changed';
    }
    if (item.type === 'integer' || item.type === 'decimal') {
      const want = value === undefined ? '' : typed(value);
      if ((st.text || '') === want) return true;
      await this.click(id, 'input');
      await this.retype(want);
      return 'changed';
    }
    throw new Error(`${id}: no way to fill an item of type ${item.type}`);
  }
}

const shown = async (page, linkId) => (await inPage(page, 'state', linkId)) !== null;

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

// One case: every question of the form, top to bottom as the form asks (an
// answer can show or hide the items below it), made to show the case's
// answer or none; then LHC-Forms' response, checked and imported.
async function roundTrip(person, o, byId, file, answers, fresh) {
  const page = person.page;
  const name = path.basename(file, '.json');
  const t0 = Date.now();
  if (fresh) await render(page, 30000);
  const entered = {}, hidden = [], absent = [];
  let changes = 0;
  for (const key of Object.keys(answers)) if (!byId.has(key)) absent.push(key);
  // What the whole form shows, read again after every change (one round trip).
  const ids = [...byId.keys()];
  let states = await inPage(page, 'states', ids);
  for (const item of byId.values()) {
    const value = answers[item.linkId] === null ? undefined : answers[item.linkId];
    const r = await person.answer(item, value, states[item.linkId]);
    if (r === 'changed') {
      changes++;
      states = await inPage(page, 'states', ids);
    }
    if (r) {
      if (value !== undefined) entered[item.linkId] = value;
    } else if (value !== undefined) hidden.push(item.linkId);
  }
  const qr = await page.evaluate(() =>
    LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form')));
  const problems = [], notes = [];
  const got = answersOf(qr);
  for (const [k, v] of Object.entries(entered))
    if (!(k in got)) problems.push(`${k}: entered ${JSON.stringify(v)}, not in the response`);
    else if (!same(got[k], v)) problems.push(`${k}: entered ${JSON.stringify(v)}, the response says ${JSON.stringify(got[k])}`);
  for (const k of Object.keys(got))
    if (!(k in entered)) problems.push(`${k}: in the response (${JSON.stringify(got[k])}) but not entered`);

  // The same answers as JSON: the case's, but for those the form did not ask
  // (a person cannot answer a question the form hides).
  const same_answers = Object.fromEntries(Object.entries(answers).filter(([k]) => !hidden.includes(k)));
  const qrFile = path.join(o.work, `${name}.qr.json`);
  const ansFile = path.join(o.work, `${name}.answers.json`);
  fs.writeFileSync(qrFile, JSON.stringify(qr, null, 1));
  fs.writeFileSync(ansFile, JSON.stringify(same_answers));
  const viaJson = run(o.bedback, ['assess', '--answers', ansFile, '--json']);
  const viaFhir = run(o.bedback, ['assess', '--fhir-response', qrFile, '--json']);
  if (viaJson.status !== 0) problems.push(`assess --answers exited ${viaJson.status}: ${viaJson.stderr.trim()}`);
  if (viaFhir.status !== 0) problems.push(`assess --fhir-response exited ${viaFhir.status}: ${viaFhir.stderr.trim()}`);
  else if (viaJson.stdout !== viaFhir.stdout) problems.push(`the assessments differ, ${firstDifference(viaJson.stdout, viaFhir.stdout)}`);
  if (hidden.length) {
    // Said, not failed: the case answers questions its own answers do not
    // ask, and the engine uses them.
    const allFile = path.join(o.work, `${name}.all-answers.json`);
    fs.writeFileSync(allFile, JSON.stringify(answers));
    const all = run(o.bedback, ['assess', '--answers', allFile, '--json']);
    if (all.stdout !== viaJson.stdout)
      notes.push(`the answers the form hides (${hidden.join(' ')}) change the assessment of the case's full answers: ${firstDifference(all.stdout, viaJson.stdout).replace('JSON answers give', 'all answers give').replace('the response gives', 'without them')}`);
  }
  return {name, entered: Object.keys(entered).length, changes, hidden, absent, problems, notes, qrFile, seconds: (Date.now() - t0) / 1000};
}

// The order in which one page enters the cases: each next the one whose
// answers differ least from the last (fewest questions to change).
function order(cases) {
  const differ = (a, b) => {
    let n = 0;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (!same(a[k] ?? null, b[k] ?? null)) n++;
    return n;
  };
  const left = cases.slice(), out = [];
  if (left.length) out.push(left.shift());
  while (left.length) {
    const last = out[out.length - 1].answers;
    let best = 0;
    for (let i = 1; i < left.length; i++) if (differ(last, left[i].answers) < differ(last, left[best].answers)) best = i;
    out.push(left.splice(best, 1)[0]);
  }
  return out;
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
    if (value !== undefined && !await person.answer(byId.get('sleep_position'), value))
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
    await page.evaluate(installHelpers);
    const person = new Person(page, await browser.newCDPSession(page));
    if (o.enableWhen) {
      const r = await enableWhen(person, o, byId);
      for (const p of r.problems) console.log(`FAIL enableWhen: ${p}`);
      console.log(`enableWhen: ${r.dependents.join(', ')} checked for ${r.positions} sleep positions (unanswered and each choice): ${r.checks} checks, ${r.problems.length} wrong`);
      failed += r.problems.length;
    }
    let entered = 0, changes = 0, badInput = 0, cases = [];
    for (const file of o.files) {
      const answers = caseAnswers(file);
      if (answers) cases.push({file, answers});
      else badInput++;
    }
    if (!o.fresh) {
      cases = order(cases);
      if (cases.length) await render(page, 30000);
    }
    for (const c of cases) {
      const r = await roundTrip(person, o, byId, c.file, c.answers, o.fresh);
      entered += r.entered;
      changes += r.changes;
      const notes = (r.hidden.length ? `; hidden by enableWhen, so not entered: ${r.hidden.join(' ')}` : '')
        + (r.absent.length ? `; not a question of the form: ${r.absent.join(' ')}` : '');
      if (r.problems.length) {
        failed++;
        console.log(`FAIL ${r.name}: ${r.entered} answers shown, ${r.changes} changed${notes} (response: ${r.qrFile})`);
        for (const p of r.problems) console.log(`  ${p}`);
      } else {
        console.log(`ok ${r.name}: ${r.entered} answers shown, ${r.changes} changed${notes}; the assessments are identical (${r.seconds.toFixed(1)} s)`);
      }
      for (const n of r.notes) console.log(`  note: ${n}`);
    }
    if (errors.length) {
      failed++;
      console.log(`FAIL: errors on the page: ${errors.join(' | ')}`);
    }
    if (badInput) console.log(`${badInput} case files are bad input (they expect an error): nothing to enter in a form`);
    if (o.files.length)
      console.log(`${cases.length} cases${o.fresh ? ', each on a fresh form' : ', one form edited from case to case'}, ${entered} answers in the responses, ${changes} answers given or changed by clicking and typing, ${failed} failed, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
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
