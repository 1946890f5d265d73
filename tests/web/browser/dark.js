// dark.js -- the pages in dark mode (the system's colour scheme): axe-core
// on each (contrast included) and a screenshot at 360 px.
'use strict';
const { base, check, startServer, launch, countRequests, axe, shot, main, fillSelfCare, watchErrors } = require('./lib');

main(async () => {
  const srv = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 360, height: 780 } });
    const reqs = countRequests(context);
    const page = await context.newPage();
    const errs = watchErrors(page);
    check(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), 'the page sees a dark system');
    const dark = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    for (const p of ['/', '/check', '/fit', '/routine', '/heat']) {
      await page.goto(base + p);
      const bg = await dark();
      check(bg === 'rgb(18, 20, 23)', `${p}: a dark background (${bg})`);
      await axe(page, `${p}, dark`);
      await shot(page, `dark${p === '/' ? '-start' : p.replace('/', '-')}-360`);
    }
    await page.goto(base + '/check');
    await fillSelfCare(page);
    await page.click('button:has-text("See my result")');
    await page.waitForSelector('.bb-a .triage');
    await axe(page, 'result, dark');
    await shot(page, 'dark-result-360');
    check(await page.evaluate(() => {
      const h = document.querySelector('.bb-fig-halo');
      return !h || getComputedStyle(h).stroke === getComputedStyle(document.body).backgroundColor;
    }), 'the figures\' halos are the page\'s background');
    await page.click('button:has-text("Save to my diary")');
    await page.waitForURL(/saved=assessment/);
    await axe(page, 'diary, dark');
    await shot(page, 'dark-diary-360');
    errs.report('dark');
    reqs.report('dark mode');
  } finally {
    await browser.close();
    await srv.stop();
  }
});
