// nojs.js -- the core path with JavaScript disabled: the check as one
// form, answers to questions that no longer apply dropped, the result,
// saved, the diary shows it, a night logged, the routine as a list with
// its rating form.
'use strict';
const { base, check, startServer, launch, countRequests, main, fillSelfCare } = require('./lib');

main(async () => {
  const srv = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const reqs = countRequests(context);
    const page = await context.newPage();
    await page.goto(base + '/check');
    check(await page.isVisible('#q-pillow_under_knees'), 'every question is in the form');
    await fillSelfCare(page);
    // a back-sleeper question answered, then the position says side: dropped
    await page.check('input[name="pillow_under_knees"][value="yes"]');
    await page.click('button:has-text("See my result")');
    await page.waitForSelector('.bb-a .triage');
    check((await page.textContent('.bb-a .triage .lvl')).trim() === 'Self-care', 'the result is self-care');
    check(!(await page.textContent('.bb-a table.answers')).includes('under your knees'),
      'the answer to a question that does not apply (a back-sleeper\'s) is dropped');
    check(await page.isHidden('button:has-text("Print the handout")'), 'the print button needs JavaScript: hidden');
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Download as JSON")'),
    ]);
    const body = require('fs').readFileSync(await dl.path(), 'utf8');
    check(JSON.parse(body).triage.level === 'self_care', `the JSON download is the assessment (${dl.suggestedFilename()})`);
    await page.click('button:has-text("Save to my diary")');
    await page.waitForURL(/saved=assessment/);
    check((await page.textContent('.checks')).includes('self care'), 'the diary lists the saved check');
    await page.check('input[name="tightness"][value="7"]');
    await page.click('button:has-text("Save this night")');
    await page.waitForURL(/logged=entry/);
    check((await page.textContent('table.entries')).includes('2026-11-30'), 'the night is in the history');
    // a night without its tightness: the form says what to fix
    await page.click('button:has-text("Save this night")');
    // (the browser's own check stops it: tightness is required)
    check(page.url().includes('logged=entry'), 'a night without tightness is not sent');
    await page.goto(base + '/routine');
    check((await page.locator('#exercises > li.exercise').count()) >= 2, 'the routine is a list');
    check(await page.isHidden('#guide'), 'the guided mode needs JavaScript: hidden');
    await page.check('input[name="rating"][value="2"]');
    await page.click('button:has-text("Log the routine")');
    await page.waitForURL(/logged=routine/);
    check((await page.textContent('table.entries')).includes('done (then 2)'), 'the routine and its rating are logged');
    reqs.report('without JavaScript');
  } finally {
    await browser.close();
    await srv.stop();
  }
});
