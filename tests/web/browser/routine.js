// routine.js -- the guided routine with the clock sped up (Playwright's
// clock: the page's timers and Date run as fast as the test says): one
// exercise at a time, its figure, a countdown per hold, the repetitions,
// pause / next / back by keyboard, the rating logged at the end; the heat
// timer and its safety reminders; both refused while a warning sign on
// record is urgent, showing it.
'use strict';
const { base, check, startServer, launch, countRequests, axe, both, shot, main, watchErrors } = require('./lib');

main(async () => {
  const srv = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const reqs = countRequests(context);
    const page = await context.newPage();
    const errs = watchErrors(page);
    await page.clock.install();
    await page.goto(base + '/routine');
    const n = await page.locator('#exercises > li.exercise').count();
    check(n >= 2, `the routine has ${n} steps`);
    check((await page.locator('#exercises .ex-fig svg').count()) >= n - 1, 'each exercise shows its figure');
    await axe(page, 'routine');
    await both(page, 'routine');
    await page.click('#guide-start');
    check(await page.isHidden('#exercises'), 'guided: one exercise at a time');
    check((await page.textContent('#g-where')).includes(`Exercise 1 of ${n}`), 'guided: it says which');
    const first = await page.textContent('#g-phase');
    check(first.length > 0, `guided: the first phase is "${first}"`);
    // pause by keyboard: the clock does not move
    await page.keyboard.press('Space');
    check((await page.textContent('#g-pause')) === 'Resume', 'Space pauses');
    const c1 = await page.textContent('#g-clock');
    await page.clock.runFor(30000);
    check((await page.textContent('#g-clock')) === c1, 'paused, the countdown stands still');
    await page.keyboard.press('Space');
    await page.clock.runFor(5000);
    check((await page.textContent('#g-clock')) !== c1, 'resumed, it counts down');
    const motion = () => page.evaluate(() => getComputedStyle(document.getElementById('g-bar')).transitionDuration);
    const moving = await motion();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const still = await motion();
    check(moving !== '0s' && still === '0s', `prefers-reduced-motion: the bar's motion ${moving} becomes ${still}`);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await axe(page, 'routine, guided');
    await page.setViewportSize({ width: 360, height: 780 });
    await shot(page, 'routine-guided-360');
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, 'routine-guided-1280');
    // next and back by keyboard
    await page.keyboard.press('n');
    check((await page.textContent('#g-where')).includes(`Exercise 2 of ${n}`), 'N goes to the next exercise');
    await page.keyboard.press('b');
    check((await page.textContent('#g-where')).includes(`Exercise 1 of ${n}`), 'B goes back');
    await page.keyboard.press('ArrowRight');
    // a hold: get into position, then the hold counts down with the repetitions
    let sawHold = false, sawRep = false;
    for (let i = 0; i < 200 && !(await page.isHidden('.guide-run')); i++) {
      const ph = await page.textContent('#g-phase');
      if (ph.startsWith('Hold')) sawHold = true;
      if (/Repetition 2 of/.test(await page.textContent('#g-reps'))) sawRep = true;
      await page.clock.runFor(4000);
    }
    check(sawHold && sawRep, 'holds counted down, repetitions counted');
    check(await page.isVisible('#g-done'), 'the end says the routine is finished');
    check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'rate-h'),
      'the focus moves to the rating');
    await page.check('input[name="rating"][value="3"]');
    await page.click('button:has-text("Log the routine")');
    await page.waitForURL(/logged=routine/);
    check(await page.isVisible('text=The routine is logged for last night.'), 'the routine is logged');

    // the heat timer
    await page.goto(base + '/heat');
    check((await page.locator('.safety .cautions li').count()) >= 2, 'the heat page shows its safety reminders');
    await axe(page, 'heat');
    await both(page, 'heat');
    const minutes = Number(await page.getAttribute('#heat', 'data-minutes'));
    await page.click('#heat-start');
    await page.clock.runFor(minutes * 60000 + 1000);
    check((await page.textContent('#heat-status')).startsWith('Time is up'), 'the heat timer ends, saying so');
    check((await page.inputValue('#f-minutes')) === String(minutes), 'the minutes are filled in to log');
    await page.click('button:has-text("Log the heat")');
    await page.waitForURL(/logged=heat/);
    check(await page.isVisible('text=The heat is logged for last night.'), 'the heat is logged');

    // an urgent warning sign logged: both refuse and show it
    await page.check('input[name="tightness"][value="5"]');
    await page.check('input[name="leg_weakness"][value="one_leg"]');
    await page.click('button:has-text("Save this night")');
    await page.waitForURL(/logged=entry/);
    const row = await page.textContent('table.entries tbody tr');
    check(row.includes('done (then 3)') && row.includes(`${minutes} min`),
      'the night logged takes over the routine, its rating and the heat');
    check(await page.isVisible('#signs .signs'), 'the diary opens with the warning sign on record');
    const first2 = await page.evaluate(() => document.querySelector('main h1').nextElementSibling.id);
    check(first2 === 'signs', 'the sign comes before anything else');
    for (const p of ['/routine', '/heat']) {
      await page.goto(base + p);
      check((await page.textContent('h1')).includes('is not for now'), `${p} refuses`);
      check(await page.isVisible('.signs'), `${p} shows the sign on record`);
      check((await page.locator('#guide-start, #heat-start').count()) === 0, `${p} has no timer`);
    }
    await axe(page, 'refused');
    await both(page, 'refused');
    errs.report('routine');
    reqs.report('routine and heat');
  } finally {
    await browser.close();
    await srv.stop();
  }
});
