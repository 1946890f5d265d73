// pages.js -- the fit page (the picture, the verdict, the numbers), the
// result printed to PDF as a handout of one or two A4 pages, an error
// page; axe-core and screenshots of each.
'use strict';
const fs = require('fs');
const path = require('path');
const { base, check, startServer, launch, countRequests, axe, both, shot, main, fillSelfCare, watchErrors } = require('./lib');

main(async () => {
  const srv = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const reqs = countRequests(context);
    const page = await context.newPage();
    const errs = watchErrors(page);

    await page.goto(base + '/fit');
    await axe(page, 'fit');
    await page.check('input[name="sex"][value="male"]');
    await page.fill('#f-height_cm', '180');
    await page.fill('#f-weight_kg', '85');
    await page.check('input[name="sleep_position"][value="side"]');
    await page.fill('#f-mattress_firmness', '3');
    await page.fill('#f-pillow_height_cm', '6');
    await page.click('button:has-text("Show how I lie")');
    await page.waitForSelector('.fit-picture svg');
    const text = await page.textContent('.fit-text');
    check(/firmness/i.test(text) && /pillow/i.test(text), 'the fit says the firmness and the pillow');
    check((await page.inputValue('#f-height_cm')) === '180', 'the form keeps the values to try others');
    await axe(page, 'fit result');
    await both(page, 'fit');
    await page.emulateMedia({ colorScheme: 'dark' });
    await axe(page, 'fit result, dark');
    await page.emulateMedia({ colorScheme: 'light' });
    errs.report('fit');
    await page.fill('#f-height_cm', '500');
    // past the browser's own check (max="230"): the server's
    await page.evaluate(() => { document.getElementById('fit-form').noValidate = true; });
    await page.click('button:has-text("Show how I lie")');
    check(await page.isVisible('.problems'), 'a height out of range: the form says what to fix');
    await axe(page, 'fit problem');

    // the handout
    const errs2 = watchErrors(page);
    await page.goto(base + '/check');
    await fillSelfCare(page);
    await page.click('button:has-text("See my result")');
    await page.waitForSelector('.bb-a .triage');
    check(await page.isVisible('button:has-text("Print the handout")'), 'with JavaScript: a print button');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const out = path.join(path.dirname(require('./lib').shotsDir), 'handout.pdf');
    fs.writeFileSync(out, pdf);
    const count = pdf.toString('latin1').match(/\/Type\s*\/Pages[^>]*\/Count\s+(\d+)|\/Count\s+(\d+)/);
    const pages = count ? Number(count[1] || count[2]) : 0;
    check(pages >= 1 && pages <= 2, `the handout prints on ${pages} A4 page(s) (${out})`);
    await page.emulateMedia({ media: 'print' });
    check(await page.isHidden('header.site') && await page.isHidden('.keep'), 'the print leaves out the menu and the buttons');
    await page.setViewportSize({ width: 794, height: 1123 });
    await shot(page, 'handout-print');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });

    errs2.report('handout');
    // an error page
    const r = await page.goto(base + '/no-such-page');
    check(r.status() === 404, 'a page that does not exist: 404');
    await axe(page, 'error page');
    await both(page, 'error');
    reqs.report('fit, handout, error');
  } finally {
    await browser.close();
    await srv.stop();
  }
});
