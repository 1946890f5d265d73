// keyboard.js -- the check, the result, saving, the diary and the guided
// routine with the keyboard alone (Tab, arrows, Space, Enter), and the
// focus always visible.
'use strict';
const { base, check, startServer, launch, countRequests, main } = require('./lib');

// What has the focus, and whether it shows (an outline or a box shadow).
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', visible: false };
    const cs = getComputedStyle(el);
    const visible = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
    const q = el.closest('.q[data-q]');
    return {
      tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', value: el.value || '',
      text: (el.textContent || '').trim(), visible, q: q ? q.getAttribute('data-q') : '',
      qtype: q ? q.getAttribute('data-type') : '', warning: !!(q && q.getAttribute('data-warning')),
    };
  });
}

// Tabs until `want(f)` holds; every stop must show its focus.
async function tabTo(page, want, what, limit = 400) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f.visible) {
      check(false, `focus visible on ${f.tag} ${f.name} ${f.text.slice(0, 30)} (on the way to ${what})`);
      return f;
    }
    if (want(f)) return f;
  }
  throw new Error(`Tab never reached ${what}`);
}

main(async () => {
  const srv = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const reqs = countRequests(context);
    const page = await context.newPage();
    await page.goto(base + '/');
    const skip = await tabTo(page, () => true, 'the first stop');
    check(skip.text.startsWith('Skip to the content'), 'the first Tab stop skips to the content');
    await tabTo(page, (f) => f.text === 'Start the check', 'Start the check');
    await page.keyboard.press('Enter');
    await page.waitForURL(base + '/check');
    // every warning sign "no" by keyboard; the rest left "not sure"
    const done = new Set();
    for (;;) {
      const f = await tabTo(page, (x) => (x.type === 'radio' && x.warning && !done.has(x.q)) || x.text === 'See my result', 'the warning questions');
      if (f.text === 'See my result') break;
      done.add(f.q);
      // focus lands on the checked "Not sure": "No" is to its left for
      // yes/no; for a choice the first ("none") is after wrapping right
      await page.keyboard.press(f.qtype === 'boolean' ? 'ArrowLeft' : 'ArrowRight');
    }
    check(done.size >= 12, `${done.size} warning questions answered by keyboard`);
    check(!(await page.isVisible('#q-leg_symptoms_new')), 'the leg follow-ups hid as the legs were answered');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.bb-a .triage');
    check((await page.locator('.bb-a .unasked').count()) === 0, 'the result: no warning sign left unasked');
    await tabTo(page, (f) => f.text === 'Save to my diary', 'Save to my diary');
    await page.keyboard.press('Enter');
    await page.waitForURL(/saved=assessment/);
    check(true, 'saved by keyboard');
    // the night: tightness 3 by arrows, then save
    await tabTo(page, (f) => f.name === 'tightness', 'the tightness');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await tabTo(page, (f) => f.text === 'Save this night', 'Save this night');
    await page.keyboard.press('Enter');
    await page.waitForURL(/logged=entry/);
    check((await page.textContent('table.entries tbody tr')).includes('2026-11-30'), 'a night logged by keyboard');
    // the guided routine
    await page.goto(base + '/routine');
    await tabTo(page, (f) => f.text === 'Start the guided routine', 'Start the guided routine');
    await page.keyboard.press('Enter');
    check((await page.textContent('#g-where')).startsWith('Exercise 1'), 'the guided routine starts by keyboard');
    const f2 = await focused(page);
    check(f2.text === 'Pause' && f2.visible, 'the focus goes to its Pause button, visibly');
    await page.keyboard.press('n');
    check((await page.textContent('#g-where')).startsWith('Exercise 2'), 'N: the next exercise');
    await page.keyboard.press('Space');
    check((await page.textContent('#g-pause')) === 'Resume', 'Space: paused');
    reqs.report('keyboard');
  } finally {
    await browser.close();
    await srv.stop();
  }
});
