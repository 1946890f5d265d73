// Debian's Chromium and the flags every browser test here uses (the BRIEF's
// list): no sandbox (tests run as root in containers), no GPU, and nothing
// that talks to the network on its own. Playwright adds --headless and the
// fresh --user-data-dir (launchPersistentContext).
'use strict';
module.exports = {
  CHROMIUM: '/usr/bin/chromium',
  browserArgs: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
