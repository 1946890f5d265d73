/* app.js -- progressive enhancement of bedback's pages. Every page works
 * without it (server-rendered forms); with it: questions that do not
 * apply are shown and hidden as the form is answered, an emergency answer
 * stops the check at once, and the routine and heat pages get timers.
 * No clinical wording here: every text comes from the page the server
 * rendered from the knowledge base. No request leaves for another host. */
'use strict';

/* ---- ask_when: the knowledge base's conditions, compiled by the library
 * (bb_question_condition_json) and evaluated with the same Kleene logic
 * as expr.c. A value is true/false, a number, a string (a choice) or
 * undefined (unknown). tests/web/askwhen.js compares every decision with
 * the library's. */
var BBCond = (function () {
  function tri(v) { return v === true || v === false ? v : undefined; }
  function isLit(n) { return !Array.isArray(n); }
  function ev(n, get) {
    if (isLit(n)) return n === null ? undefined : n;
    var op = n[0], a, b, i;
    switch (op) {
      case 'q': return get(n[1]);
      case 'known': return get(n[1]) !== undefined;
      case 'unknown': return get(n[1]) === undefined;
      case 'and':
        a = tri(ev(n[1], get));
        if (a === false) return false;
        b = tri(ev(n[2], get));
        if (b === false) return false;
        return a === true && b === true ? true : undefined;
      case 'or':
        a = tri(ev(n[1], get));
        if (a === true) return true;
        b = tri(ev(n[2], get));
        if (b === true) return true;
        return a === false && b === false ? false : undefined;
      case 'not':
        a = tri(ev(n[1], get));
        return a === undefined ? undefined : !a;
      case 'neg':
        a = ev(n[1], get);
        return typeof a === 'number' ? -a : undefined;
      case 'count':
        b = 0;
        for (i = 1; i < n.length; i++) if (tri(ev(n[i], get)) === true) b++;
        return b;
      case 'in':
        a = ev(n[1], get);
        if (a === undefined) return undefined;
        for (i = 0; i < n[2].length; i++) if (ev(n[2][i], get) === a) return true;
        return false;
      case '+': case '-': case '*': case '/':
        a = ev(n[1], get); b = ev(n[2], get);
        if (typeof a !== 'number' || typeof b !== 'number') return undefined;
        if (op === '+') return a + b;
        if (op === '-') return a - b;
        if (op === '*') return a * b;
        return b === 0 ? undefined : a / b;
      case '==': case '!=': case '<': case '<=': case '>': case '>=':
        a = ev(n[1], get); b = ev(n[2], get);
        if (a === undefined || b === undefined) return undefined;
        if (op === '==') return a === b;
        if (op === '!=') return a !== b;
        if (op === '<') return a < b;
        if (op === '<=') return a <= b;
        if (op === '>') return a > b;
        return a >= b;
      default: return undefined; /* level, flag(), cause(): not known in a form */
    }
  }
  /* true only when the condition is true, as bb_question_applies */
  function applies(cond, get) {
    return cond === null || cond === undefined || tri(ev(cond, get)) === true;
  }
  return { applies: applies, evaluate: ev };
})();

if (typeof module !== 'undefined' && module.exports) {
  module.exports = { BBCond: BBCond };
}

/* ---- the pages ---- */
(function () {
  if (typeof document === 'undefined') return;
  var doc = document;

  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }

  /* ---- the check: questions follow the answers; emergency stops ---- */
  function questionValue(form, q) {
    var id = q.getAttribute('data-q'), type = q.getAttribute('data-type');
    if (!q.isConnected || q.closest('[hidden]')) return undefined;
    if (type === 'integer' || type === 'number') {
      var inp = form.elements[id];
      if (!inp || inp.disabled || inp.value.trim() === '') return undefined;
      var n = Number(inp.value);
      if (!isFinite(n)) return undefined;
      if (type === 'integer' && Math.floor(n) !== n) return undefined;
      return n;
    }
    var checked = $('input[name="' + id + '"]:checked', q);
    if (!checked || checked.disabled || checked.value === '') return undefined;
    if (type === 'boolean') return checked.value === 'yes';
    if (checked.value === q.getAttribute('data-unknown')) return undefined;
    return checked.value;
  }

  function setupCheck(form) {
    var qs = $$('.q[data-q]', form);
    var byId = {};
    qs.forEach(function (q) { byId[q.getAttribute('data-q')] = q; });
    var conds = {};
    qs.forEach(function (q) {
      var c = q.getAttribute('data-ask-when');
      if (c) { try { conds[q.getAttribute('data-q')] = JSON.parse(c); } catch (e) { /* shown */ } }
    });
    function holder(q) {
      var p = q.parentElement;
      return p && p.classList.contains('later') ? p : q;
    }
    function update() {
      /* in order: a condition reads only questions before its own */
      qs.forEach(function (q) {
        var id = q.getAttribute('data-q');
        if (!(id in conds)) return;
        var on = BBCond.applies(conds[id], function (ref) {
          return byId[ref] ? questionValue(form, byId[ref]) : undefined;
        });
        var h = holder(q);
        if (on === !h.hidden) return;
        h.hidden = !on;
        $$('input, select, textarea', q).forEach(function (el) { el.disabled = !on; });
      });
    }
    update();
    var pending = 0;
    function answersJson() {
      var out = {};
      qs.forEach(function (q) {
        var v = questionValue(form, q);
        if (v !== undefined) out[q.getAttribute('data-q')] = v;
      });
      return JSON.stringify(out);
    }
    function checkEmergency() {
      /* the library decides (POST /api/assess), never this script */
      var mine = ++pending;
      if (!window.fetch) return;
      fetch('/api/assess', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: answersJson(),
        credentials: 'same-origin'
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (j) {
        if (mine !== pending || !j || !j.triage) return;
        if (j.triage.level === 'emergency') {
          var stop = doc.createElement('input');
          stop.type = 'hidden'; stop.name = 'stop'; stop.value = '1';
          form.appendChild(stop);
          form.submit();
        }
      }).catch(function () { /* the submit still stops at an emergency */ });
    }
    form.addEventListener('change', function (ev) {
      update();
      var q = ev.target.closest && ev.target.closest('.q[data-q]');
      if (q && q.getAttribute('data-warning')) checkEmergency();
    });
    form.addEventListener('input', function (ev) {
      if (ev.target.type === 'number') update();
    });
  }

  /* ---- print ---- */
  function setupPrint() {
    $$('[data-print]').forEach(function (b) {
      b.hidden = false;
      b.addEventListener('click', function () { window.print(); });
    });
  }

  /* ---- timers ---- */
  function fmt(secs) {
    secs = Math.max(0, Math.ceil(secs));
    var m = Math.floor(secs / 60), s = secs % 60;
    return m + ':' + (s < 10 ? '0' : '') + s;
  }

  /* A countdown driven by the clock (Date.now), so a slow tab stays right. */
  function Countdown(onTick, onDone) {
    this.onTick = onTick; this.onDone = onDone;
    this.timer = null; this.left = 0; this.total = 0; this.paused = false; this.last = 0;
  }
  Countdown.prototype.start = function (secs) {
    this.stop();
    this.total = secs; this.left = secs; this.paused = false; this.last = Date.now();
    var self = this;
    this.timer = setInterval(function () { self.tick(); }, 200);
    this.onTick(this.left, this.total);
  };
  Countdown.prototype.tick = function () {
    var now = Date.now();
    if (!this.paused) this.left -= (now - this.last) / 1000;
    this.last = now;
    if (this.left <= 0) {
      this.stop();
      this.onTick(0, this.total);
      this.onDone();
      return;
    }
    this.onTick(this.left, this.total);
  };
  Countdown.prototype.pause = function (p) { this.tick(); this.paused = p; };
  Countdown.prototype.stop = function () {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  };

  /* ---- the guided routine ---- */
  function phasesOf(li) {
    var hold = +li.getAttribute('data-hold'), reps = +li.getAttribute('data-reps') || 1;
    var sides = +li.getAttribute('data-sides') || 1, minutes = +li.getAttribute('data-minutes');
    var out = [], r, s;
    if (minutes > 0 && hold === 0) return [{ name: 'Warmth', secs: minutes * 60 }];
    if (hold === 0) {
      for (r = 1; r <= reps; r++) out.push({ name: 'Slowly', secs: 5, rep: r, reps: reps });
      return out;
    }
    for (r = 1; r <= reps; r++) {
      for (s = 0; s < sides; s++) {
        var side = sides === 2 ? (s === 0 ? 'left side' : 'right side') : '';
        if (r === 1 && s === 0) out.push({ name: 'Get into position', secs: 10, rep: r, reps: reps, side: side, ready: true });
        out.push({ name: 'Hold', secs: hold, rep: r, reps: reps, side: side });
        if (r < reps || s + 1 < sides) out.push({ name: 'Rest', secs: 5, rep: r, reps: reps, side: side });
      }
    }
    return out;
  }

  function setupRoutine(guide) {
    var list = $('#exercises');
    var items = $$('#exercises > li.exercise');
    if (!items.length) return;
    guide.hidden = false;
    var run = doc.createElement('div');
    run.className = 'guide-run';
    run.hidden = true;
    run.innerHTML =
      /* the clock and the buttons first: on a phone they stay in view */
      '<p class="reps" id="g-where"></p>' +
      '<p class="ex-now" id="g-title"></p>' +
      '<p class="phase" role="status" aria-live="polite" id="g-phase"></p>' +
      '<p class="clock" role="timer" aria-live="off" id="g-clock">0:00</p>' +
      '<div class="bar" aria-hidden="true"><span id="g-bar"></span></div>' +
      '<p class="reps" id="g-reps"></p>' +
      '<div class="controls">' +
      '<button type="button" id="g-ready" class="primary" hidden>I am in position</button>' +
      '<button type="button" id="g-pause">Pause</button>' +
      '<button type="button" id="g-back">Back</button>' +
      '<button type="button" id="g-next">Next exercise</button>' +
      '<button type="button" id="g-stop">Stop</button></div>' +
      '<div id="g-card"></div>';
    guide.appendChild(run);
    var ex = 0, ph = 0, phases = [], paused = false;
    var cd = new Countdown(function (left, total) {
      $('#g-clock', run).textContent = fmt(left);
      $('#g-bar', run).style.width = (total ? (100 * (total - left) / total) : 100) + '%';
    }, function () { nextPhase(); });

    function show() {
      var li = items[ex];
      var card = li.cloneNode(true);
      card.removeAttribute('id');
      $$('[id]', card).forEach(function (el) { el.removeAttribute('id'); });
      var h = $('h2', card);
      $('#g-title', run).textContent = h ? h.textContent : '';
      if (h) h.remove();
      var box = $('#g-card', run);
      box.innerHTML = '';
      var wrap = doc.createElement('div');
      wrap.className = 'exercise';
      while (card.firstChild) wrap.appendChild(card.firstChild);
      box.appendChild(wrap);
      $('#g-where', run).textContent = 'Exercise ' + (ex + 1) + ' of ' + items.length;
      $('#g-back', run).disabled = ex === 0;
      $('#g-next', run).textContent = ex + 1 < items.length ? 'Next exercise' : 'Finish';
    }
    function startPhase() {
      var p = phases[ph];
      $('#g-phase', run).textContent = p.name + (p.side ? ', ' + p.side : '');
      $('#g-reps', run).textContent = p.reps ? 'Repetition ' + p.rep + ' of ' + p.reps : '';
      $('#g-ready', run).hidden = !p.ready;
      paused = false;
      $('#g-pause', run).textContent = 'Pause';
      cd.start(p.secs);
    }
    function startExercise(i) {
      ex = i; ph = 0; phases = phasesOf(items[ex]);
      show();
      startPhase();
    }
    function nextPhase() {
      if (ph + 1 < phases.length) { ph++; startPhase(); return; }
      if (ex + 1 < items.length) { startExercise(ex + 1); return; }
      finish();
    }
    function finish() {
      cd.stop();
      run.hidden = true;
      list.hidden = false;
      $('#guide-start').hidden = false;
      $('#guide-start').textContent = 'Start the guided routine again';
      var done = $('#g-done') || doc.createElement('p');
      done.id = 'g-done';
      done.className = 'notice';
      done.setAttribute('role', 'status');
      done.textContent = 'Well done: the routine is finished. Rate how your back feels below to log it.';
      guide.appendChild(done);
      var rate = $('#rate-h');
      if (rate) { rate.scrollIntoView(); rate.focus(); }
    }
    function togglePause() {
      paused = !paused;
      cd.pause(paused);
      $('#g-pause', run).textContent = paused ? 'Resume' : 'Pause';
      $('#g-phase', run).textContent = paused ? 'Paused' : phases[ph].name + (phases[ph].side ? ', ' + phases[ph].side : '');
    }
    $('#guide-start').addEventListener('click', function () {
      var d = $('#g-done'); if (d) d.remove();
      list.hidden = true;
      this.hidden = true;
      run.hidden = false;
      startExercise(0);
      $('#g-pause', run).focus();
    });
    $('#g-pause', run).addEventListener('click', togglePause);
    $('#g-ready', run).addEventListener('click', function () { nextPhase(); $('#g-pause', run).focus(); });
    $('#g-next', run).addEventListener('click', function () {
      if (ex + 1 < items.length) startExercise(ex + 1); else finish();
    });
    $('#g-back', run).addEventListener('click', function () { if (ex > 0) startExercise(ex - 1); });
    $('#g-stop', run).addEventListener('click', function () {
      cd.stop(); run.hidden = true; list.hidden = false; $('#guide-start').hidden = false;
      $('#guide-start').focus();
    });
    doc.addEventListener('keydown', function (ev) {
      if (run.hidden || ev.altKey || ev.ctrlKey || ev.metaKey) return;
      var t = ev.target.tagName;
      if (t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT') return;
      var k = ev.key;
      if (k === ' ' || k === 'Spacebar') { ev.preventDefault(); togglePause(); }
      else if (k === 'n' || k === 'N' || k === 'ArrowRight') { ev.preventDefault(); $('#g-next', run).click(); }
      else if (k === 'b' || k === 'B' || k === 'ArrowLeft') { ev.preventDefault(); $('#g-back', run).click(); }
      else if (k === 'Enter' && phases[ph] && phases[ph].ready && t !== 'BUTTON') { ev.preventDefault(); nextPhase(); }
    });
  }

  /* ---- the heat timer ---- */
  function setupHeat(sec) {
    var minutes = +sec.getAttribute('data-minutes') || 20;
    sec.hidden = false;
    var clock = $('#heat-clock'), status = $('#heat-status');
    var start = $('#heat-start'), pause = $('#heat-pause'), stop = $('#heat-stop');
    var paused = false, began = 0, used = 0;
    var cd = new Countdown(function (left) { clock.textContent = fmt(left); }, function () {
      used = minutes;
      done();
    });
    function done() {
      var msg = $('#heat-done');
      status.textContent = msg ? msg.textContent : 'Time is up.';
      start.disabled = false; pause.disabled = true; stop.disabled = true;
      var inp = $('#f-minutes');
      if (inp) inp.value = Math.max(1, Math.round(used));
      var h = $('#heatlog-h');
      if (h) h.focus();
    }
    start.addEventListener('click', function () {
      began = Date.now(); paused = false;
      cd.start(minutes * 60);
      status.textContent = 'Heat on: ' + minutes + ' minutes.';
      start.disabled = true; pause.disabled = false; stop.disabled = false;
      pause.textContent = 'Pause';
      pause.focus();
    });
    pause.addEventListener('click', function () {
      paused = !paused;
      cd.pause(paused);
      pause.textContent = paused ? 'Resume' : 'Pause';
      status.textContent = paused ? 'Paused.' : 'Heat on.';
    });
    stop.addEventListener('click', function () {
      cd.stop();
      used = (cd.total - cd.left) / 60;
      done();
    });
    void began;
  }

  function init() {
    var form = $('form.check');
    if (form) setupCheck(form);
    setupPrint();
    var guide = $('#guide');
    if (guide) setupRoutine(guide);
    var heat = $('#heat');
    if (heat) setupHeat(heat);
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
