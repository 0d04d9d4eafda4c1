// Summarises OUT/problems.jsonl (written by lib.mjs) across all test files: each distinct
// problem once, with the pages it was seen on. Writes OUT/report.txt too.
//   node e2e/summary.mjs OUT
// Exit status 0 always: the test files themselves fail on problems.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILING, formatGroup, groupProblems } from './report.mjs';

const out = process.argv[2];
const file = join(out, 'problems.jsonl');
const problems = existsSync(file)
  ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : [];

function section(title, list) {
  const groups = groupProblems(list);
  return [`${title}: ${groups.length}`, ...groups.map((g, i) => `\n${i + 1}.\n${formatGroup(g)}`)].join('\n');
}

const report = [
  '==== e2e summary ====',
  section('Problems that fail the tests (axe violations, 320 px reflow, focus indicator, functional checks)',
    problems.filter((p) => FAILING.has(p.kind))),
  '',
  section('axe could not decide; check by hand (does not fail)', problems.filter((p) => p.kind === 'review')),
  '',
  section('Notes (do not fail)', problems.filter((p) => p.kind === 'note')),
  '',
].join('\n');
writeFileSync(join(out, 'report.txt'), report);
console.log(report);
