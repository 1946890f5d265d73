/* app.js -- progressive enhancement of bedback's pages. Every page works
 * without it (server-rendered forms); with it: questions that do not
 * apply are shown and hidden as the form is answered, an emergency answer
 * stops the check at once, and the routine and heat pages get timers.
 * No clinical wording here: every text comes from the page the server
 * rendered from the knowledge base. No request leaves for another host. */
'use strict';

/* ---- ask_when: the knowledge base's conditions, compiled by the library
 * (bb_question_condition_json) and evaluated with the same Kleene logic
 * as expr.c. A value is true/false, a number, a string (a choice) or
 * undefined (unknown). tests/web/askwhen.js compares every decision with
 * the library's. */
var BBCond = (function () {
  function tri(v) { return v === true || v === false ? v : undefined; }
  function isLit(n) { return !Array.isArray(n); }
  function ev(n, get) {
    if (isLit(n)) return n === null ? undefined : n;
    var op = n[0], a, b, i;
    switch (op) {
      case 'q': return get(n[1]);
      case 'known': return get(n[1]) !== undefined;
      case 'unknown': return get(n[1]) === undefined;
      case 'and':
        a = tri(ev(n[1], get));
        if (a === false) return false;
        b = tri(ev(n[2], get));
        if (b === false) return false;
        return a === true && b === true ? true : undefined;
      case 'or':
        a = tri(ev(n[1], get));
        if (a === true) return true;
        b = tri(ev(n[2], get));
        if (b === true) return true;
        return a === false && b === false ? false : undefined;
      case 'not':
        a = tri(ev(n[1], get));
        return a === undefined ? undefined : !a;
      case 'neg':
        a = ev(n[1], get);
        return typeof a === 'number' ? -a : undefined;
      case 'count':
        b = 0;
        for (i = 1; i < n.length; i++) if (tri(ev(n[i], get)) === true) b++;
        return b;
      case 'in':
        a = ev(n[1], get);
        if (a === undefined) return undefined;
        for (i = 0; i < n[2].length; i++) if (ev(n[2][i], get) === a) return true;
        return false;
      case '+': case '-': case '*': case '/':
        a = ev(n[1], get); b = ev(n[2], get);
        if (typeof a !== 'number' || typeof b !== 'number') return undefined;
        if (op === '+') return a + b;
        if (op === '-') return a - b;
        if (op === '*') return a * b;
        return b === 0 ? undefined : a / b;
      case '==': case '!=': case '<': case '<=': case '>': case '>=':
        a = ev(n[1], get); b = ev(n[2], get);
        if (a === undefined || b === undefined) return undefined;
        if (op === '==') return a === b;
        if (op === '!=') return a !== b;
        if (op === '<') return a < b;
        if (op === '<=') return a <= b;
        if (op === '>') return a > b;
        return a >= b;
      default: return undefined; /* level, flag(), cause(): not known in a form */
    }
  }
  /* true only when the condition is true, as bb_question_applies */
  function applies(cond, get) {
    return cond === null || cond === undefined || tri(ev(cond, get)) === true;
  }
  return { applies: applies, evaluate: ev };
})();

if (typeof module !== 'undefined' && module.exports) {
  module.exports = { BBCond: BBCond };
}
