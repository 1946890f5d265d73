// emergency.js -- an emergency answer stops the check at once: with
// JavaScript on change (the library decides, through POST /api/assess),
// without it on submit; the page says what to do and what to tell the
// clinician, and lists the warning signs not asked.
'use strict';
const { base, check, startServer, launch, countRequests, axe, both, main, watchErrors } = require('./lib');

main(async () => {
  const srv = await startServer();
  const browser = await launch();
  try {
    for (const js of [true, false]) {
      const what = js ? 'with JavaScript' : 'without JavaScript';
      const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1280, height: 900 } });
      const reqs = countRequests(context);
      const page = await context.newPage();
      const errs = watchErrors(page);
      await page.goto(base + '/check');
      if (js) {
        // one answer, nothing pressed: the page goes to the emergency result
        await page.click('input[name="bladder_change"][value="yes"]');
        await page.waitForSelector('.bb-a .triage.emergency', { timeout: 15000 });
      } else {
        await page.check('input[name="bladder_change"][value="yes"]');
        await page.click('button:has-text("See my result")');
        await page.waitForSelector('.bb-a .triage.emergency');
      }
      check(true, `${what}: an emergency answer shows the emergency result`);
      check((await page.title()).startsWith('Emergency'), `${what}: the page title says emergency`);
      const triage = await page.textContent('.bb-a .triage');
      check(/emergency/i.test(triage) && triage.length > 80, `${what}: the banner says what to do, in words`);
      check(await page.isVisible('.bb-a .unasked'), `${what}: the warning signs not asked are listed`);
      check((await page.textContent('.bb-a')).includes('tell them'), `${what}: what to tell the clinician`);
      check((await page.locator('text=What may be feeding the tightness').count()) === 0, `${what}: no causes at an emergency`);
      if (js) {
        await axe(page, 'emergency');
        await both(page, 'emergency');
        await page.emulateMedia({ colorScheme: 'dark' });
        await axe(page, 'emergency, dark');
        await page.setViewportSize({ width: 360, height: 780 });
        await require('./lib').shot(page, 'emergency-dark-360');
      }
      errs.report(what);
      reqs.report(what);
      await context.close();
    }
  } finally {
    await browser.close();
    await srv.stop();
  }
});
