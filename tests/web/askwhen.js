// askwhen.js -- the browser's ask_when evaluator (web/app.js)
// decides as the library does (bb_question_applies) for every answer set
// tests/web/askwhen_dump prints. Usage: node askwhen.js APP_JS DUMP_PROGRAM
'use strict';
const { execFileSync } = require('child_process');
const [appJs, dump] = process.argv.slice(2);
const { BBCond } = require(require('path').resolve(appJs));
const data = JSON.parse(execFileSync(dump, { maxBuffer: 1 << 30 }).toString());
const conds = data.questions.filter((q) => q.cond !== null);
if (!conds.length) throw new Error('no question has an ask_when: nothing compared');
let bad = 0, decisions = 0;
for (const c of data.cases) {
  const unk = {};
  for (const q of data.questions) if (q.unknown_choice) unk[q.id] = q.unknown_choice;
  const get = (id) => {
    const v = c.answers[id];
    return v === undefined || v === null || v === unk[id] ? undefined : v;
  };
  const want = new Set(c.applies);
  for (const q of data.questions) {
    const got = BBCond.applies(q.cond, get);
    decisions++;
    if (got !== want.has(q.id)) {
      if (bad++ < 10)
        console.error(`differs: ${q.id} with ${JSON.stringify(c.answers)}: library ${want.has(q.id)}, browser ${got}`);
    }
  }
}
console.log(`${data.cases.length} answer sets, ${conds.length} conditions, ${decisions} decisions, ${bad} different`);
process.exit(bad ? 1 : 0);
