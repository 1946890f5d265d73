// pdf.js -- what the print tests read of a PDF chromium made: its number
// of pages (the page tree's /Count).
'use strict';

function pdfPages(pdf) {
  const m = pdf.toString('latin1').match(/\/Type\s*\/Pages[^>]*\/Count\s+(\d+)|\/Count\s+(\d+)/);
  return m ? Number(m[1] || m[2]) : 0;
}

module.exports = { pdfPages };
