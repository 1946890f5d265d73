// pages.js -- the fit page (the picture, the verdict, the numbers), the
// result printed to PDF as a handout of one or two A4 pages, an error
// page; axe-core and screenshots of each.
'use strict';
const fs = require('fs');
const path = require('path');
const { pdfPages } = require('../pdf');
const { base, check, startServer, launch, countRequests, axe, both, shot, main, fillSelfCare, watchErrors, NO } = require('./lib');

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
    const pages = pdfPages(pdf);
    check(pages >= 1 && pages <= 2, `the handout prints on ${pages} A4 page(s) (${out})`);
    await page.emulateMedia({ media: 'print' });
    check(await page.isHidden('header.site') && await page.isHidden('.keep'), 'the print leaves out the menu and the buttons');
    await page.setViewportSize({ width: 794, height: 1123 });
    await shot(page, 'handout-print');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });

    errs2.report('handout');

    // a fuller result: see a clinician, half the warning signs skipped
    // (not ruled out), a mixed sleeper with two pictures, several causes --
    // still two pages at most, with every sign on paper
    await page.goto(base + '/check');
    for (const id of NO.slice(0, 6)) await page.check(`input[name="${id}"][value="no"]`);
    await page.fill('#f-age', '52');
    await page.fill('#f-tightness', '6');
    await page.fill('#f-weeks_since_onset', '14');
    await page.check('input[name="sleep_position"][value="mixed"]');
    await page.check('input[name="sex"][value="male"]');
    await page.fill('#f-height_cm', '178');
    await page.fill('#f-weight_kg', '92');
    await page.fill('#f-mattress_firmness', '4');
    await page.fill('#f-pillow_height_cm', '12');
    await page.fill('#f-sitting_hours', '9');
    await page.fill('#f-stress', '7');
    await page.fill('#f-water_litres', '1');
    await page.click('button:has-text("See my result")');
    await page.waitForSelector('.bb-a .triage');
    check(await page.isVisible('.bb-a .triage.consult'), 'the fuller check: see a clinician');
    await page.emulateMedia({ media: 'print' }); // page.pdf prints the emulated media
    const full = await page.pdf({ format: 'A4', printBackground: true });
    const fullOut = path.join(path.dirname(require('./lib').shotsDir), 'handout-full.pdf');
    fs.writeFileSync(fullOut, full);
    const fullPages = pdfPages(full);
    check(fullPages >= 1 && fullPages <= 2, `the fuller handout prints on ${fullPages} A4 page(s) (${fullOut})`);
    const onPaper = await page.evaluate(() => {
      const vis = (el) => el.getClientRects().length > 0;
      return {
        unasked: [...document.querySelectorAll('.bb-a .unasked li')].filter(vis).length,
        flags: [...document.querySelectorAll('.bb-a .flag')].filter(vis).length,
        pictures: [...document.querySelectorAll('.bb-a .fit svg')].filter(vis).length,
      };
    });
    check(onPaper.unasked >= 6, `the fuller handout: the ${onPaper.unasked} signs not ruled out are on paper`);
    check(onPaper.flags >= 1, 'the fuller handout: the warning sign found is on paper');
    check(onPaper.pictures === 2, 'the fuller handout: both positions\' pictures are on paper');
    await page.setViewportSize({ width: 794, height: 1123 });
    await shot(page, 'handout-full-print');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
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
