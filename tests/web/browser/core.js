// core.js -- the core path in a browser with JavaScript: the start page,
// a full self-care check (questions that do not apply hidden as it is
// answered), the result (the library's rendering), saved to the diary,
// the diary shows it, a night logged; axe-core on each page, screenshots
// at 360 px and at a desktop width, and every request counted. Dark mode:
// dark.js.
'use strict';
const { base, check, startServer, launch, countRequests, axe, shot, both, main } = require('./lib');

const NO = ['bladder_change', 'bowel_change', 'saddle_numbness', 'sexual_dysfunction', 'rest_pain',
  'major_trauma', 'chest_pain', 'fever', 'cancer_history', 'weight_loss', 'steroid_use',
  'osteoporosis'];


main(async () => {
  const srv = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const reqs = countRequests(context);
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));

    await page.goto(base + '/');
    check((await page.title()).includes('bedback'), 'the start page has a title');
    await axe(page, 'start');
    await both(page, 'start');

    await page.click('text=Start the check');
    await page.waitForURL(base + '/check');
    await axe(page, 'check');
    await both(page, 'check');
    check(await page.isVisible('#q-leg_symptoms_new'), 'a follow-up question shows while the leg answers are unknown');
    for (const id of NO) await page.check(`input[name="${id}"][value="no"]`);
    await page.check('input[name="leg_weakness"][value="none"]');
    await page.check('input[name="leg_numbness"][value="none"]');
    check(!(await page.isVisible('#q-leg_symptoms_new')), 'the follow-up hides at once when both legs are answered "no"');
    check(await page.isDisabled('input[name="leg_symptoms_new"][value="yes"]'), 'its fields are disabled (not sent)');
    await page.check('input[name="sleep_position"][value="back"]');
    check(!(await page.isVisible('#q-pillow_between_knees')), 'the side-sleeper question hides for a back sleeper');
    await page.check('input[name="sleep_position"][value="side"]');
    check(await page.isVisible('#q-pillow_between_knees'), '... and shows again for a side sleeper');
    await page.fill('#f-age', '40');
    await page.fill('#f-tightness', '5');
    await page.check('input[name="sex"][value="female"]');
    await page.fill('#f-height_cm', '165');
    await page.fill('#f-weight_kg', '65');
    await page.fill('#f-mattress_firmness', '7');
    // the help is a disclosure
    const help = page.locator('#q-bladder_change details.help');
    await help.locator('summary').click();
    check(await help.locator('p').isVisible(), 'the help opens in place');

    await page.click('button:has-text("See my result")');
    await page.waitForSelector('.bb-a .triage', { timeout: 10000 }).catch(async (e) => {
      await shot(page, 'debug-after-submit');
      console.log(page.url(), (await page.textContent('main')).slice(0, 600));
      throw e;
    });
    check((await page.textContent('.bb-a .triage .lvl')).trim() === 'Self-care', 'the result is self-care');
    check(await page.isVisible('text=Your bedtime routine'), 'the result shows the routine');
    check(await page.isVisible('.bb-a .fit svg'), 'the result shows the sleep-support picture');
    check((await page.locator('.bb-a .unasked').count()) === 0, 'nothing unasked after a full check');
    await axe(page, 'result');
    await both(page, 'result');

    await page.click('button:has-text("Save to my diary")');
    await page.waitForURL(/\/diary\?saved=assessment/);
    check(await page.isVisible('text=Your result is saved'), 'saving says so');
    check((await page.textContent('.checks')).includes('self care'), 'the diary lists the saved check');

    // last night, by the form
    await page.check('input[name="tightness"][value="4"]');
    await page.check('input[name="wake"][value="3"]');
    await page.check('input[name="position"][value="side"]');
    await page.check('input[name="routine"][value="yes"]');
    await page.fill('#f-heat_minutes', '15');
    await page.fill('#f-note', 'new pillow');
    await page.click('button:has-text("Save this night")');
    await page.waitForURL(/logged=entry/);
    check(await page.isVisible('text=The night of 2026-11-30 is saved.'), 'the night is saved');
    const row = await page.textContent('table.entries tbody tr');
    check(row.includes('2026-11-30') && row.includes('new pillow'), 'the history shows the night');
    // amend it: the earlier version is kept
    await page.click('a:has-text("Amend")');
    await page.check('input[name="tightness"][value="6"]');
    await page.click('button:has-text("Save this night")');
    await page.waitForURL(/logged=entry/);
    check((await page.textContent('table.entries tbody tr')).includes('1 earlier version kept'), 'an amend keeps the earlier version');
    await page.fill('#f-snote', 'firmer topper');
    await page.selectOption('#f-kind', 'topper');
    await page.click('button:has-text("Add the change")');
    await page.waitForURL(/logged=setup/);
    check((await page.textContent('.setup')).includes('firmer topper'), 'a setup change is listed');
    await axe(page, 'diary');
    await both(page, 'diary');

    check(errors.length === 0, 'no script errors' + (errors.length ? ': ' + errors.join('; ') : ''));
    reqs.report('core path');
  } finally {
    await browser.close();
    await srv.stop();
  }
});
