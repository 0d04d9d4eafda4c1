// Grouping and formatting of the problems the tests collect; shared by lib.mjs (per test) and
// summary.mjs (over the whole run). No dependencies, no server needed.

// Kinds that fail a test. "review" (axe could not decide) and "note" are only reported.
export const FAILING = new Set(['axe', 'reflow', 'focus', 'check']);

// The same problem on many pages (a layout bug shows on every page) is listed once.
export function problemKey(p) {
  const targets = (p.nodes || []).map((n) => n.target.replace(/:nth-child\(\d+\)/g, '')).join(' | ');
  if (p.kind === 'axe') return `${p.kind}|${p.rule}|${targets}`;
  // axe's "cannot tell" has many small variants; one entry per rule and reason is enough.
  if (p.kind === 'review') return `${p.kind}|${p.rule}|${[...new Set((p.nodes || []).map((n) => n.summary))].sort().join(' | ')}`;
  if (p.kind === 'check') return `${p.kind}|${p.message}`;
  return `${p.kind}|${p.message.replace(/\d+/g, 'N').replace(/\/offers\/[0-9a-f-]{36}/g, '')}|${targets}`;
}

export function groupProblems(list) {
  const groups = new Map();
  for (const p of list) {
    const k = problemKey(p);
    if (!groups.has(k)) groups.set(k, { first: p, where: [] });
    groups.get(k).where.push(`${p.label} ${p.url}`);
  }
  return [...groups.values()];
}

export function formatGroup(g) {
  const where = [...new Set(g.where)];
  const shown = where.slice(0, 5).map((w) => `      on ${w}`);
  if (where.length > 5) shown.push(`      … and ${where.length - 5} more page(s)`);
  return formatProblem(g.first) + `\n    seen ${g.where.length}×:\n` + shown.join('\n');
}

export function formatProblem(p) {
  const lines = [`- [${p.kind}] ${p.label} ${p.url}: ${p.message}`];
  if (p.helpUrl) lines.push(`    ${p.helpUrl}`);
  const nodes = p.nodes || [];
  for (const n of nodes.slice(0, 6)) {
    lines.push(`    at ${n.target}`);
    if (n.html) lines.push(`       ${n.html}`);
    if (n.data && (n.data.fgColor || n.data.contrastRatio))
      lines.push(`       fg ${n.data.fgColor} on bg ${n.data.bgColor}: ratio ${n.data.contrastRatio}, needs ${n.data.expectedContrastRatio} (font ${n.data.fontSize} ${n.data.fontWeight})`);
    else if (n.summary) lines.push(`       ${n.summary.replace(/\n/g, ' ')}`);
  }
  if (nodes.length > 6) lines.push(`    … and ${nodes.length - 6} more element(s)`);
  return lines.join('\n');
}

