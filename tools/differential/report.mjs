// Report of a differential run: counts on stdout, every disagreement with a repro in
// disagreements.md (for people) and disagreements.json (for tools).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const secs = (ms) => (ms / 1000).toFixed(3);

function describe(mode, p) {
  if (mode === 'format') return 'format_query';
  const lb = p.lookback ? ` lookback_delta=${p.lookback / 1000}s` : '';
  return mode === 'instant' ? `instant query at time=${secs(p.time)}${lb}` : `range query start=${secs(p.start)} end=${secs(p.end)} step=${p.step / 1000}s${lb}`;
}

function short(answer) {
  const text = answer.ok ? JSON.stringify({ data: answer.data, warnings: answer.warnings, infos: answer.infos }) : `error: ${answer.error}`;
  return text.length > 1500 ? `${text.slice(0, 1500)}… (${text.length} chars)` : text;
}

/**
 * Writes the report files into `dir` and returns the counts and the summary text. A query agrees
 * when all its evaluations agree; it is "allowed" when its only differences are documented
 * main-vs-3.5 ones.
 */
export function writeReport(dir, { version, seed, args, results, fixtureText, seconds }) {
  let agree = 0;
  let allowed = 0;
  let disagree = 0;
  let evAgree = 0;
  let evAllowed = 0;
  let evDisagree = 0;
  let inconclusive = 0;
  let evInconclusive = 0;
  const inconclusiveCategories = new Map();
  const categories = new Map();
  const allowedCategories = new Map();
  const md = [`# Differential run: ${version}, seed ${seed}`, ''];
  const json = [];
  for (const r of results) {
    let bad = false;
    let ok = false;
    let unsure = false;
    for (const e of r.evals) {
      if (e.agree) evAgree++;
      else if (e.inconclusive) {
        evInconclusive++;
        unsure = true;
        const c = e.inconclusive.replace(/among \d+ of/, 'among');
        inconclusiveCategories.set(c, (inconclusiveCategories.get(c) ?? 0) + 1);
      }
      else if (e.allowed) {
        evAllowed++;
        ok = true;
        allowedCategories.set(e.allowed, (allowedCategories.get(e.allowed) ?? 0) + 1);
      } else {
        evDisagree++;
        bad = true;
        categories.set(e.category, (categories.get(e.category) ?? 0) + 1);
      }
    }
    if (bad) disagree++;
    else if (unsure) inconclusive++;
    else if (ok) allowed++;
    else agree++;
    const shown = r.evals.filter((e) => !e.agree);
    if (shown.length === 0) continue;
    json.push({ query: r.q, source: r.source, type: r.type, evals: shown });
    md.push(`## \`${r.q}\``, '', `${r.source}; ${bad ? 'DISAGREES' : unsure ? 'inconclusive' : 'allowed difference only'}`, '');
    for (const e of shown) {
      md.push(`- ${describe(e.mode, e.params)}: **${e.allowed ? `allowed: ${e.allowed}` : e.inconclusive ? `inconclusive: ${e.inconclusive}` : e.category}**`);
      for (const d of e.diffs.slice(0, 5)) md.push(`  - ${JSON.stringify(d)}`);
      if (e.diffs.length > 5) md.push(`  - … ${e.diffs.length - 5} more`);
      md.push(`  - Prometheus: \`${short(e.prometheus)}\``, `  - promql-ts: \`${short(e.ours)}\``);
    }
    md.push('');
  }
  const lines = [
    `differential: ${results.length} queries (${results.reduce((s, r) => s + r.evals.length, 0)} evaluations) in ${seconds.toFixed(1)}s`,
    `differential: queries: ${agree} agree, ${disagree} disagree, ${allowed} allowed differences, ${inconclusive} inconclusive`,
    `differential: evaluations: ${evAgree} agree, ${evDisagree} disagree, ${evAllowed} allowed, ${evInconclusive} inconclusive`,
  ];
  for (const [c, n] of [...categories].sort((a, b) => b[1] - a[1])) lines.push(`  disagree  ${String(n).padStart(5)}  ${c}`);
  for (const [c, n] of [...inconclusiveCategories].sort((a, b) => b[1] - a[1])) lines.push(`  unsure    ${String(n).padStart(5)}  ${c}`);
  for (const [c, n] of [...allowedCategories].sort((a, b) => b[1] - a[1])) lines.push(`  allowed   ${String(n).padStart(5)}  ${c}`);
  if (json.length) lines.push(`differential: details in ${join(dir, 'disagreements.md')}`);
  md.splice(2, 0, '```', ...lines, '```', '', `Arguments: \`${JSON.stringify(args)}\``, '');
  writeFileSync(join(dir, 'disagreements.md'), md.join('\n') + '\n');
  writeFileSync(join(dir, 'disagreements.json'), JSON.stringify(json, null, 1));
  writeFileSync(join(dir, 'fixture.om'), fixtureText);
  return { text: lines.join('\n'), disagreeingQueries: disagree };
}
