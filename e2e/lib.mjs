// Shared helpers for the browser tests: one Chromium per test file, contexts that bypass the
// CSP only so axe-core can be injected, and soft checks (axe, 320 px reflow, focus indicator)
// that collect every problem of a test and fail it at the end with the full list — so one run
// tells the developers everything that needs fixing, not only the first problem.
//
// Environment (set by e2e/run.sh):
//   KP_E2E_BASE_URL  http://127.0.0.1:PORT of a server with the demo data
//   KP_E2E_OUT       directory for screenshots and problems.jsonl (summarised by summary.mjs)
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { FAILING, formatGroup, groupProblems } from './report.mjs';

export { FAILING, formatGroup, formatProblem, groupProblems } from './report.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export const BASE = (process.env.KP_E2E_BASE_URL || '').replace(/\/$/, '');
if (!BASE) throw new Error('KP_E2E_BASE_URL is not set: run the tests with `bash e2e/run.sh BUILD_DIR`');
export const OUT = process.env.KP_E2E_OUT || mkdtempSync(join(tmpdir(), 'kp-e2e-'));
mkdirSync(join(OUT, 'screenshots'), { recursive: true });

export const PASSWORD = 'Fjordvik sommer 2026';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

let browserPromise;
export function browser() {
  browserPromise ??= chromium.launch({
    executablePath: process.env.KP_E2E_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 60_000,
  });
  return browserPromise;
}
export async function closeBrowser() {
  if (browserPromise) await (await browserPromise).close();
  browserPromise = undefined;
}

// Accept-Language nb, so the default language is the one most families get.
export async function newContext(opts = {}) {
  const b = await browser();
  const ctx = await b.newContext({
    baseURL: BASE,
    bypassCSP: true,
    locale: 'nb-NO',
    viewport: { width: 1280, height: 900 },
    ...opts,
  });
  ctx.setDefaultTimeout(15_000);
  ctx.setDefaultNavigationTimeout(20_000);
  return ctx;
}

// ---- collected problems ------------------------------------------------------------------------

const INTERACTIVE = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

function trim(s, n = 300) {
  s = String(s ?? '').replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n) + '…' : s;
}

export class Audit {
  constructor(testName) {
    this.test = testName;
    this.problems = [];
  }

  record(kind, page, label, message, extra = {}) {
    const p = { test: this.test, kind, label, url: page ? pathOf(page.url()) : '', message, ...extra };
    this.problems.push(p);
    appendFileSync(join(OUT, 'problems.jsonl'), JSON.stringify(p) + '\n');
  }

  // axe-core with the WCAG 2.1 A/AA and best-practice rules; every violation is a problem.
  async axe(page, label) {
    await page.waitForLoadState('load');
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
    const res = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: tags, resultTypes: ['violations', 'incomplete'] });
      const slim = (v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.join(' '), html: n.html, summary: n.failureSummary,
          data: [...n.any, ...n.all, ...n.none].map((c) => c.data).filter((d) => d && typeof d === 'object')[0] || null,
          message: [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean)[0] || '',
        })),
      });
      return { violations: r.violations.map(slim), incomplete: r.incomplete.map(slim) };
    }, AXE_TAGS);
    const lang = await page.evaluate(() => `${document.documentElement.lang}/${document.documentElement.dir}`);
    // axe cannot judge the contrast of a <select>: Designsystemet draws its chevron with a
    // background gradient. Measure text colour against the background colour ourselves.
    for (const v of res.incomplete.filter((x) => x.id === 'color-contrast')) {
      const decided = [];
      for (const n of v.nodes) {
        const c = await page.evaluate(contrastOf, n.target).catch(() => null);
        if (!c || !c.select) continue;
        decided.push(n);
        if (c.ratio < c.needed) {
          res.violations.push({ id: 'color-contrast', impact: 'serious', help: 'Elements must meet minimum color contrast ratio thresholds (measured by the test: a <select>)',
            helpUrl: v.helpUrl, nodes: [{ ...n, data: { fgColor: c.fg, bgColor: c.bg, contrastRatio: c.ratio, expectedContrastRatio: `${c.needed}:1`, fontSize: c.fontSize, fontWeight: c.fontWeight } }] });
        }
      }
      v.nodes = v.nodes.filter((n) => !decided.includes(n));
    }
    res.incomplete = res.incomplete.filter((v) => v.nodes.length > 0);
    for (const [kind, list] of [['axe', res.violations], ['review', res.incomplete]]) {
      for (const v of list) {
        this.record(kind, page, `${label} [${lang}]`, `${v.id} (${v.impact}): ${v.help}`, {
          rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ ...n, html: trim(n.html, 400), summary: trim(kind === 'review' ? n.message : n.summary, 600) })),
        });
      }
    }
    return res.violations;
  }

  // Reflow (WCAG 1.4.10): at 320 CSS px nothing may make the page scroll sideways.
  // kind 'note' for staff pages: reported, not failed (the brief asks 320 px for public pages).
  async reflow320(page, label, kind = 'reflow') {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 720 });
    const r = await page.evaluate(() => {
      const de = document.documentElement;
      const width = de.clientWidth;
      const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        [...el.classList].map((c) => '.' + c).join('');
      const path = (el) => {
        const parts = [];
        for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(describe(e));
        return parts.join(' > ');
      };
      const culprits = [];
      const words = [];
      if (de.scrollWidth > 320) {
        for (const el of document.body.querySelectorAll('*')) {
          const b = el.getBoundingClientRect();
          // Visually hidden (sr-only, the unfocused skip link): clipped to 1 px, harmless.
          if (b.width <= 1 || b.height <= 1) continue;
          if (b.right > width + 0.5 || b.left < -0.5) {
            // Report the outermost offender only, not all of its children.
            if (culprits.some((c) => c.el.contains(el))) continue;
            culprits.push({ el, left: Math.round(b.left), right: Math.round(b.right) });
          }
        }
        // The usual cause: one word (an e-mail address, a URL, a long compound) wider than
        // the screen, which stretches its grid or flex track.
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const re = /\S{12,}/g;
          for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
            const range = document.createRange();
            range.setStart(n, m.index);
            range.setEnd(n, m.index + m[0].length);
            // Widest single box: a word that may break (at a dash) spans several lines.
            const w = Math.max(0, ...[...range.getClientRects()].map((b) => b.width));
            if (w > width - 32 && words.length < 6) words.push({ word: m[0], width: Math.round(w), at: path(n.parentElement) });
          }
        }
      }
      return {
        scrollWidth: de.scrollWidth, clientWidth: width, words,
        culprits: culprits.slice(0, 6).map((c) => ({
          target: path(c.el), html: c.el.outerHTML.slice(0, 160), left: c.left, right: c.right,
        })),
      };
    });
    await page.setViewportSize(before);
    if (r.scrollWidth > 320) {
      const nodes = r.words.length
        ? r.words.map((w) => ({ target: w.at, html: w.word, summary: `an unbreakable word ${w.width} px wide` }))
        : r.culprits.map((c) => ({ target: c.target, html: trim(c.html, 160), summary: `box from x=${c.left} to x=${c.right}` }));
      this.record(kind, page, label, `scrolls sideways at 320 px (scrollWidth ${r.scrollWidth})`, { nodes });
    }
    return r;
  }

  // The focused element must show a focus indicator: an outline or a box-shadow on the element
  // or on a wrapper (Designsystemet draws the ring of a checkbox on its .ds-field).
  async focusIndicator(page, label) {
    const r = await page.evaluate((sel) => {
      const el = document.activeElement;
      if (!el || el === document.body || !el.matches(sel)) return null;
      // The skip link is hidden until focused: appearing is its focus indicator (checked in
      // the keyboard test), so Designsystemet's outline: 0 on it is fine.
      if (el.matches('.ds-skip-link, .ds-skiplink')) return null;
      const describe = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map((c) => '.' + c).join('');
      const ring = (e) => {
        const cs = getComputedStyle(e);
        return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow && cs.boxShadow !== 'none');
      };
      const cs = getComputedStyle(el);
      // Only the element itself or its field wrapper counts: an ancestor that always has a
      // shadow (a card) is no focus indicator.
      const wrapper = el.parentElement?.closest('.ds-field');
      const on = ring(el) ? describe(el) : wrapper && ring(wrapper) ? describe(wrapper) : null;
      return {
        ok: !!on, on, focusVisible: el.matches(':focus-visible'),
        // Chrome's date and time inputs have focusable parts in their shadow tree (the
        // calendar button); the host is then :focus but not :focus-visible.
        innerPart: !el.matches(':focus-visible') && /^(date|time|datetime-local|month|week)$/.test(el.type || ''),
        outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, boxShadow: cs.boxShadow,
        target: describe(el), html: el.outerHTML.slice(0, 200),
      };
    }, INTERACTIVE);
    if (r && !r.ok) {
      const kind = r.innerPart ? 'note' : 'focus';
      const what = r.innerPart ? `the calendar button inside ${r.target} shows only Chrome's thin default ring (Designsystemet's ring is on :focus-visible of the input, which does not match while a part of its shadow tree has focus)`
        : `no visible focus indicator on ${r.target} (outline: ${r.outline}; box-shadow: ${r.boxShadow})`;
      this.record(kind, page, label, what,
        { nodes: [{ target: r.target, html: trim(r.html, 200), summary: `:focus-visible=${r.focusVisible}` }] });
    }
    return r;
  }

  // axe, and for public pages the 320 px check, on the page as it is now.
  async page(page, label, { reflow = false, reflowKind = 'reflow' } = {}) {
    await this.axe(page, label);
    if (reflow) await this.reflow320(page, label, reflowKind);
  }

  // A functional check that need not stop the flow: recorded, and fails the test at the end.
  check(ok, page, label, message) {
    if (!ok) this.record('check', page, label, message);
    return !!ok;
  }

  // Only real failures; "review" (axe could not decide) and "note" are reported, not failed.
  failures() {
    return this.problems.filter((p) => FAILING.has(p.kind));
  }

  assertClean() {
    const f = this.failures();
    if (f.length === 0) return;
    const groups = groupProblems(f);
    throw new Error(`${groups.length} distinct problem(s) on ${f.length} page visit(s):\n\n` + groups.map(formatGroup).join('\n'));
  }
}

// In the page: contrast of a <select>'s text against its (or its ancestors') background colour.
function contrastOf(selector) {
  const el = document.querySelector(selector);
  if (!el || el.tagName !== 'SELECT') return { select: false };
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  let bg = { r: 255, g: 255, b: 255, a: 1 };
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) layers.push(c);
    if (c && c.a >= 1) break;
  }
  for (const c of layers.reverse()) bg = { r: c.r * c.a + bg.r * (1 - c.a), g: c.g * c.a + bg.g * (1 - c.a), b: c.b * c.a + bg.b * (1 - c.a), a: 1 };
  const cs = getComputedStyle(el);
  let fg = parse(cs.color);
  fg = { r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a) };
  const lum = ({ r, g, b }) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  const ratio = Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
  const size = parseFloat(cs.fontSize);
  const bold = parseInt(cs.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  return { select: true, ratio, needed: large ? 3 : 4.5, fg: hex(fg), bg: hex(bg), fontSize: cs.fontSize, fontWeight: cs.fontWeight };
}

function pathOf(url) {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

// ---- test scaffolding ----------------------------------------------------------------------------

let shotCounter = 0;

// Runs fn with a fresh context and an Audit; screenshots every open page when fn throws, and
// fails the test with every collected accessibility problem when it does not.
export async function session(t, fn, contextOpts = {}) {
  const ctx = await newContext(contextOpts);
  const audit = new Audit(t.name);
  const errors = [];
  ctx.on('page', (p) => p.on('pageerror', (e) => errors.push(String(e))));
  try {
    await fn({ ctx, audit });
  } catch (e) {
    const safe = t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    for (const p of ctx.pages()) {
      const file = join(OUT, 'screenshots', `${safe}-${++shotCounter}.png`);
      try {
        await p.screenshot({ path: file, fullPage: true, timeout: 10_000 });
        console.error(`screenshot of the failure (${pathOf(p.url())}): ${file}`);
      } catch {
        /* the page may be gone */
      }
    }
    if (audit.failures().length) e.message += `\n\nAlso found before the failure:\n${groupProblems(audit.failures()).map(formatGroup).join('\n')}`;
    throw e;
  } finally {
    await ctx.close().catch(() => {});
  }
  if (errors.length) throw new Error(`JavaScript errors on the page (the app should serve none):\n${errors.join('\n')}`);
  audit.assertClean();
}

export function withLang(path, lang) {
  const u = new URL(path, BASE);
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

export async function goto(page, path, expectStatus = 200) {
  const res = await page.goto(path, { waitUntil: 'load' });
  if (expectStatus !== null && res.status() !== expectStatus)
    throw new Error(`GET ${path}: expected HTTP ${expectStatus}, got ${res.status()}`);
  return res;
}

// Presses Tab until the focused element matches selector, checking the focus indicator of every
// interactive element on the way. Shift+Tab when backwards.
export async function tabTo(page, selector, audit, { max = 60, label = 'keyboard', backwards = false } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (audit) await audit.focusIndicator(page, label);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i + 1;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`Tab did not reach ${selector} within ${max} presses (focus is on ${at})`);
}

export async function activeId(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName.toLowerCase());
}

// Logs in through the form. keyboard: Tab to the fields, type, Enter — no mouse.
export async function login(page, username, { audit, keyboard = false } = {}) {
  await goto(page, '/login');
  if (keyboard) {
    await tabTo(page, '#f-username', audit, { label: 'login form' });
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    if (audit) await audit.focusIndicator(page, 'login form');
    if ((await activeId(page)) !== 'f-password') throw new Error(`Tab from the username went to ${await activeId(page)}, not the password`);
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.keyboard.press('Enter')]);
  } else {
    await page.fill('#f-username', username);
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('main button[type=submit]')]);
  }
}

export async function htmlLangDir(page) {
  return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
}

// The public JSON API, to check that filtered results really match the filters.
export async function apiOffer(request, id) {
  const r = await request.get(`${BASE}/api/v1/offers/${id}`);
  if (!r.ok()) throw new Error(`GET /api/v1/offers/${id}: HTTP ${r.status()}`);
  return r.json();
}

export function uniqueWord() {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let s = 'kp';
  for (let i = 0; i < 8; i++) s += letters[Math.floor(Math.random() * letters.length)];
  return s;
}

// A public page as it is now (nb) and the same address in Arabic (right-to-left) in a second
// tab: axe and the 320 px reflow check on both.
export async function auditPublic(ctx, page, audit, label, { langs = ['ar'] } = {}) {
  await audit.page(page, label, { reflow: true });
  const url = new URL(page.url());
  url.hash = '';
  for (const lang of langs) {
    const side = await ctx.newPage();
    try {
      await goto(side, withLang(url.pathname + url.search, lang), null);
      const { dir } = await htmlLangDir(side);
      const want = ['ar', 'ur'].includes(lang) ? 'rtl' : 'ltr';
      audit.check(dir === want, side, `${label} (${lang})`, `<html dir="${dir}">, expected "${want}"`);
      await audit.page(side, `${label} (${lang})`, { reflow: true });
    } finally {
      await side.close();
    }
  }
  await page.bringToFront();
}

// The same for a staff page: axe in nb and ar; at 320 px only a note.
export async function auditStaff(ctx, page, audit, label, { langs = ['ar'] } = {}) {
  await audit.page(page, label, { reflow: true, reflowKind: 'note' });
  const url = new URL(page.url());
  url.hash = '';
  for (const lang of langs) {
    const side = await ctx.newPage();
    try {
      await goto(side, withLang(url.pathname + url.search, lang), null);
      await audit.page(side, `${label} (${lang})`, { reflow: true, reflowKind: 'note' });
    } finally {
      await side.close();
    }
  }
  await page.bringToFront();
}

// Waits until selector is rendered and has stopped moving. Designsystemet opens <details> with
// a 0.4 s transition whose first frame still has content-visibility: hidden, so a Tab sent in
// the same instant as the Enter (only a script is that fast) would skip the content.
export async function settle(page, selector) {
  await page.waitForFunction((sel) => document.querySelector(sel)?.checkVisibility() ?? false, selector, { polling: 'raf' });
  await page.evaluate(async (sel) => {
    const el = document.querySelector(sel);
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    let last = '';
    for (let same = 0, i = 0; same < 3 && i < 120; i++) {
      await frame();
      const b = el.getBoundingClientRect();
      const now = `${b.top},${b.left},${b.width},${b.height}`;
      same = now === last ? same + 1 : 0;
      last = now;
    }
  }, selector);
}

// Runs action (a key press, a click) and waits until a new document has loaded — also when the
// new address equals the old one (a form posting back to the page it is on, PRG to ?saved=1).
export async function navigates(page, action) {
  await page.evaluate(() => { window.__kpOld = true; });
  await action();
  await page.waitForFunction(() => !window.__kpOld, null, { polling: 50 });
  await page.waitForLoadState('load');
}

// navigates() for a form post: returns the response to the POST to path.
export async function posts(page, path, action) {
  let resp;
  await navigates(page, async () => {
    [resp] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
      action(),
    ]);
  });
  return resp;
}
