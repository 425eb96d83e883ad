// Share of EARS statements `assay spec` reads in a folder of requirements documents.
//   node bench/spec/run.mjs <dir> [--json <file>]
// Needs the built CLI (pnpm build). Prints per document the statements found and read, the totals by
// development/held-out set (from sources.json), and every statement not read, with its reason.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { criteriaOf, parseRequirementsDocument } from '../../packages/cli/dist/spec.js';

const [dir, flag, jsonOut] = process.argv.slice(2);
if (!dir || (flag && flag !== '--json')) {
  console.error('usage: node bench/spec/run.mjs <dir> [--json <file>]');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const sources = JSON.parse(fs.readFileSync(path.join(here, 'sources.json'), 'utf8')).sources;
const setOf = (file) => sources.find((s) => file === `${s.repo.replace('/', '+')}/${s.path}`)?.set ?? 'other';

const files = fs
  .readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.md'))
  .sort();
const documents = files.map((file) => {
  const doc = parseRequirementsDocument(fs.readFileSync(path.join(dir, file), 'utf8'), file);
  const criteria = criteriaOf(doc);
  const forms = {};
  for (const c of criteria) if (c.ears) forms[c.ears.form] = (forms[c.ears.form] ?? 0) + 1;
  return {
    file: file.split(path.sep).join('/'),
    set: setOf(file.split(path.sep).join('/')),
    statements: criteria.length,
    parsed: criteria.filter((c) => c.ears).length,
    // Read, but more loosely than EARS: a subject phrase taken as the system, or text set apart as context.
    loose: criteria.filter((c) => c.ears?.note).length,
    withContext: criteria.filter((c) => c.ears?.context && !c.ears.note).length,
    forms,
    unparsed: criteria
      .filter((c) => c.problem)
      .map((c) => ({ id: c.id, line: c.line, text: c.text, reason: c.problem })),
  };
});
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '–');
const totals = {};
for (const d of documents) {
  for (const key of [d.set, 'all']) {
    totals[key] ??= { documents: 0, statements: 0, parsed: 0, loose: 0, withContext: 0, forms: {} };
    const t = totals[key];
    t.documents++;
    t.statements += d.statements;
    t.parsed += d.parsed;
    t.loose += d.loose;
    t.withContext += d.withContext;
    for (const [form, n] of Object.entries(d.forms)) t.forms[form] = (t.forms[form] ?? 0) + n;
  }
}
for (const d of documents)
  console.log(`${d.file}: ${d.parsed}/${d.statements} (${pct(d.parsed, d.statements)} %) [${d.set}]`);
console.log('');
for (const [key, t] of Object.entries(totals)) {
  console.log(
    `${key}: ${t.documents} documents, ${t.parsed}/${t.statements} statements read as EARS (${pct(t.parsed, t.statements)} %), of which ${t.loose} with a subject phrase as the system and ${t.withContext} with context set apart; forms ${JSON.stringify(t.forms)}`,
  );
}
const rest = documents.flatMap((d) => d.unparsed.map((u) => ({ file: d.file, ...u })));
if (rest.length) console.log(`\nNot read (${rest.length}):`);
for (const u of rest) console.log(`- ${u.file}:${u.line} ${u.id} "${u.text.slice(0, 100)}" — ${u.reason}`);
// The saved results leave the documents' text out (it is not ours to publish): ids, lines and reasons only.
const withoutText = (reason) => reason.replace(/^".*" (comes before|before SHALL)/, '<text> $1');
const saved = documents.map((d) => ({
  ...d,
  unparsed: d.unparsed.map((u) => ({ id: u.id, line: u.line, reason: withoutText(u.reason) })),
}));
if (jsonOut)
  fs.writeFileSync(
    jsonOut,
    `${JSON.stringify({ sources: 'bench/spec/sources.json', documents: saved, totals }, null, 2)}\n`,
  );
