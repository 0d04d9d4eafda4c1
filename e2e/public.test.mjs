// The public catalog as a family uses it: keyboard only where a family would, every page
// checked with axe in Norwegian and Arabic and at 320 px width.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  activeId, apiOffer, auditPublic, BASE, closeBrowser, goto, htmlLangDir, navigates, newContext, session, settle, tabTo, withLang,
} from './lib.mjs';

after(closeBrowser);

const offerIdOf = (href) => href.match(/\/offers\/([0-9a-f-]{36})/)?.[1];

async function cardTitles(page) {
  return page.$$eval('.kp-results .kp-card h3 a', (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })));
}

test('search from the front page with the keyboard, filters, offer page, empty and invalid searches', (t) =>
  session(t, async ({ ctx, audit }) => {
    const page = await ctx.newPage();
    await goto(page, '/');
    assert.deepEqual(await htmlLangDir(page), { lang: 'nb', dir: 'ltr' });
    await auditPublic(ctx, page, audit, 'front page');

    // Keyboard: Tab to the search box, type, Enter.
    await tabTo(page, '#front-q', audit, { label: 'front page' });
    await page.keyboard.type('fotball');
    await Promise.all([page.waitForURL(/\/offers\?/), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'fotball');
    const hits = await cardTitles(page);
    assert.ok(hits.some((h) => h.text.startsWith('Fotballtrening')), `no "Fotballtrening…" among ${JSON.stringify(hits.map((h) => h.text))}`);
    assert.equal(await page.inputValue('#f-q'), 'fotball', 'the search box keeps the words');
    await auditPublic(ctx, page, audit, 'search results "fotball"');

    // Every football offer in the demo costs money, so "free for age 12" would leave nothing to
    // check: clear the words first (as a parent would after reading the empty page), then open
    // the filters with the keyboard, age 12, only free, submit with the Search button.
    await tabTo(page, '#f-q', audit, { label: 'search page' });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement.matches('details.kp-filters > summary')), 'Tab from the search box should reach the Filters summary');
    assert.equal(await page.$eval('details.kp-filters', (d) => d.open), false, 'filters start closed');
    await page.keyboard.press('Enter');
    assert.equal(await page.$eval('details.kp-filters', (d) => d.open), true, 'Enter on the summary opens the filters');
    await settle(page, '#f-age');
    await page.keyboard.press('Tab');
    assert.equal(await activeId(page), 'f-age', 'first field in the filters is the age');
    await page.keyboard.type('12');
    await tabTo(page, '#f-free-1', audit, { label: 'filters' });
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('#f-free-1'), true);
    await tabTo(page, 'form.kp-search button[type=submit]', audit, { label: 'filters' });
    await Promise.all([page.waitForURL(/age=12/), page.keyboard.press('Enter')]);
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('age'), '12');
    assert.equal(params.get('free'), '1');
    assert.equal(await page.$eval('details.kp-filters', (d) => d.open), true, 'filters stay open when used');
    assert.equal(await page.inputValue('#f-age'), '12');
    assert.equal(await page.isChecked('#f-free-1'), true);
    const filtered = await cardTitles(page);
    assert.ok(filtered.length > 0, 'the demo has free offers for a 12-year-old');
    for (const h of filtered) {
      const o = await apiOffer(page.request, offerIdOf(h.href));
      assert.equal(o.free, true, `"${h.text}" is shown for "only free" but is not free`);
      assert.ok((o.min_age ?? 0) <= 12 && (o.max_age ?? 200) >= 12, `"${h.text}" (age ${o.min_age}–${o.max_age}) is shown for age 12`);
    }
    await auditPublic(ctx, page, audit, 'search with filters open (age 12, free)');

    // An offer page: where, when, price, how to sign up, contact, last confirmed, calendar.
    await goto(page, '/offers?q=fotball');
    const link = page.locator('.kp-results .kp-card h3 a', { hasText: 'Fotballtrening' }).first();
    await link.focus();
    await Promise.all([page.waitForURL(/\/offers\/[0-9a-f-]{36}$/), page.keyboard.press('Enter')]);
    const offerPath = new URL(page.url()).pathname;
    assert.match(await page.textContent('main h1'), /Fotballtrening/);
    const cal = await page.getAttribute('.kp-facts a[href$=".ics"]', 'href');
    assert.ok(cal, 'an "add to calendar" link');
    const ics = await page.request.get(BASE + cal);
    audit.check(ics.status() === 200 && /text\/calendar/.test(ics.headers()['content-type'] || '') && /BEGIN:VEVENT/.test(await ics.text()),
      page, 'offer page', `the "add to calendar" link ${cal} gives HTTP ${ics.status()} ${ics.headers()['content-type']}, not an iCalendar file`);
    assert.ok(await page.locator('.kp-facts a[href^="tel:"], .kp-facts a[href^="mailto:"]').count() > 0, 'a phone or e-mail link');
    assert.match(await page.textContent('.kp-confirmed'), /20\d\d/, '"last confirmed" with a date');
    await auditPublic(ctx, page, audit, 'offer page');
    // The labels, read in English so the test does not depend on the Norwegian wording.
    const en = await ctx.newPage();
    await goto(en, withLang(offerPath, 'en'));
    const terms = (await en.$$eval('.kp-facts dt', (d) => d.map((x) => x.textContent.trim().toLowerCase())));
    for (const want of ['where', 'when', 'price', 'how to sign up', 'contact'])
      assert.ok(terms.includes(want), `offer page lacks "${want}" (has ${terms.join(', ')})`);
    assert.match(await en.textContent('.kp-confirmed'), /last confirmed/i);
    assert.match(await en.textContent('.kp-facts'), /add to calendar/i);
    await en.close();

    // A search without hits: the helpful empty page.
    await goto(page, '/offers?q=xyzzyplugh');
    assert.match(await page.textContent('#results'), /\b0\b/);
    const empty = page.locator('.kp-empty');
    assert.equal(await empty.isVisible(), true, 'the empty-result help is shown');
    assert.ok(await empty.locator('li').count() >= 2, 'with suggestions');
    assert.equal(await empty.locator('a[href="/offers"]').count(), 1, 'and a way to all offers');
    await auditPublic(ctx, page, audit, 'search without hits');

    // An invalid age: an error summary that links to the field, reachable with Tab.
    await goto(page, '/offers?age=abc', 400);
    const summary = page.locator('#error-summary');
    assert.equal(await summary.isVisible(), true);
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.equal(await summary.locator('a[href="#f-age"]').count(), 1, 'the summary links to the age field');
    assert.equal(await page.getAttribute('#f-age', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#f-age', 'aria-describedby'), /\bf-age-error\b/);
    // (A number input shows "abc" as empty; only a hand-edited address can send it.)
    assert.equal(await page.getAttribute('#f-age', 'value'), 'abc', 'what was sent is kept in the field');
    await tabTo(page, '#error-summary a[href="#f-age"]', audit, { label: 'error summary' });
    await page.keyboard.press('Enter');
    assert.equal(await activeId(page), 'f-age', 'the summary link moves focus to the field');
    await auditPublic(ctx, page, audit, 'search with an invalid age');
  }));

test('language picker without JavaScript: English, Arabic and Urdu', (t) =>
  session(t, async ({ ctx, audit }) => {
    const page = await ctx.newPage();
    await goto(page, '/');
    const pick = async (lang) => {
      await page.selectOption('#lang-select', lang);
      await page.focus('#lang-select');
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => document.activeElement.matches('form.kp-lang button[type=submit]')), 'Tab from the select reaches its button');
      const before = new URL(page.url());
      await navigates(page, () => page.keyboard.press('Enter'));
      assert.equal(new URL(page.url()).search.replace(/[?&]lang=[^&]*/, ''), before.search.replace(/[?&]lang=[^&]*/, ''), 'the picker returns to the same page');
      assert.equal(await page.inputValue('#lang-select'), lang, 'the picker shows the chosen language');
    };

    await pick('en');
    assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
    const cookies = await ctx.cookies();
    assert.equal(cookies.find((c) => c.name === 'kp_lang')?.value, 'en', 'the choice is remembered in a cookie');
    await page.fill('#front-q', 'activity week');
    await Promise.all([page.waitForURL(/\/offers\?/), page.press('#front-q', 'Enter')]);
    assert.equal((await htmlLangDir(page)).lang, 'en', 'the language stays after a search');
    const hits = await cardTitles(page);
    assert.ok(hits.some((h) => h.text.startsWith('Activity week')), `no "Activity week…" in English among ${JSON.stringify(hits.map((h) => h.text))}`);
    await auditPublic(ctx, page, audit, 'English search "activity week"', { langs: [] });

    await pick('ar');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' });
    await auditPublic(ctx, page, audit, 'Arabic search results', { langs: [] });
    await goto(page, '/');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ar', dir: 'rtl' }, 'Arabic is remembered on the next page');
    await auditPublic(ctx, page, audit, 'Arabic front page', { langs: [] });

    await pick('ur');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ur', dir: 'rtl' });
    await auditPublic(ctx, page, audit, 'Urdu front page', { langs: [] });
    await goto(page, '/offers?q=aktivitetsuke');
    assert.deepEqual(await htmlLangDir(page), { lang: 'ur', dir: 'rtl' });
    await auditPublic(ctx, page, audit, 'Urdu search results', { langs: [] });

    await pick('nb');
    assert.deepEqual(await htmlLangDir(page), { lang: 'nb', dir: 'ltr' });
  }));

// Every language the picker offers: right lang/dir, the interface really translated (a page that
// says lang="so" but speaks English is read with the wrong voice: WCAG 3.1.1), axe and 320 px.
test('every language in the picker: lang, dir, translated interface, axe, 320 px', (t) =>
  session(t, async ({ ctx, audit }) => {
    const page = await ctx.newPage();
    await goto(page, withLang('/', 'en'));
    const english = {
      skip: (await page.textContent('.ds-skip-link')).trim(),
      h1: (await page.textContent('main h1')).trim(),
    };
    const langs = await page.$$eval('#lang-select option', (os) => os.map((o) => ({ code: o.value, rtl: o.getAttribute('dir') === 'rtl' })));
    assert.ok(langs.length >= 2, 'the picker offers languages');
    for (const { code, rtl } of langs) {
      for (const path of ['/', '/offers?q=fotball', '/about/accessibility']) {
        await goto(page, withLang(path, code));
        const { lang, dir } = await htmlLangDir(page);
        assert.equal(lang, code, `${path} in ${code}: <html lang>`);
        assert.equal(dir, rtl ? 'rtl' : 'ltr', `${path} in ${code}: <html dir>`);
        if (path === '/' && code !== 'en') {
          const skip = (await page.textContent('.ds-skip-link')).trim();
          const h1 = (await page.textContent('main h1')).trim();
          audit.check(skip !== english.skip && h1 !== english.h1, page, `front page (${code})`,
            `the interface is not translated into ${code}: "${skip}" / "${h1}" is English under <html lang="${code}">`);
        }
        await audit.page(page, `${path} (${code})`, { reflow: true });
      }
    }
  }));

test('keyboard: skip link first, focus moves to main, every stop has a visible focus indicator', (t) =>
  session(t, async ({ ctx, audit }) => {
    const page = await ctx.newPage();
    const focusSkipLink = async (where) => {
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const e = document.activeElement;
        const b = e.getBoundingClientRect();
        return { cls: e.className, href: e.getAttribute('href'), x: b.left, y: b.top, w: b.width, h: b.height, vw: innerWidth };
      });
      assert.match(skip.cls, /ds-skip-?link/, `${where}: the first Tab reaches the skip link`);
      assert.equal(skip.href, '#main');
      assert.ok(skip.w > 20 && skip.h > 10 && skip.x >= 0 && skip.x + skip.w <= skip.vw && skip.y >= 0,
        `${where}: the focused skip link is visible on screen (box ${JSON.stringify(skip)})`);
    };
    await goto(page, withLang('/', 'ar'));
    await focusSkipLink('Arabic front page');
    await goto(page, '/');
    await focusSkipLink('front page');
    await page.keyboard.press('Enter');
    assert.equal(await activeId(page), 'main', 'activating the skip link moves focus to <main>');
    await page.keyboard.press('Tab');
    assert.equal(await activeId(page), 'front-q', 'the next Tab goes to the first control in main');

    // Walk every Tab stop of a few pages, in nb and ar, to the last link in the footer; tabTo
    // checks the focus indicator at every stop.
    for (const path of ['/', '/offers?q=fotball&age=12', withLang('/', 'ar'), withLang('/offers?age=12', 'ar')]) {
      await goto(page, path);
      const firstCard = await page.$('.kp-results .kp-card a');
      const firstOfferHref = firstCard && (await firstCard.getAttribute('href'));
      await tabTo(page, '.kp-footer a[href^="/hsds"]', audit, { label: `Tab through ${path}`, max: 120 });
      if (firstOfferHref) {
        await goto(page, firstOfferHref);
        await tabTo(page, '.kp-footer a[href^="/hsds"]', audit, { label: `Tab through the offer page`, max: 120 });
      }
    }
    // A few controls explicitly, also in :focus-visible from a mouse-free start.
    await goto(page, '/offers?age=12');
    for (const sel of ['#lang-select', 'form.kp-lang button', '.kp-nav a', '#f-q', 'details.kp-filters > summary', '#f-age', '#f-category', '#f-free-1', 'form.kp-search button[type=submit]', '.kp-card h3 a']) {
      await tabTo(page, sel, audit, { label: `focus ${sel}`, max: 120 });
      const r = await audit.focusIndicator(page, `focus ${sel}`);
      assert.ok(r, `${sel} is reachable and interactive`);
    }
    await page.keyboard.press('Shift+Tab');
    await audit.focusIndicator(page, 'Shift+Tab');
  }));

test('other public pages: all offers, page 2, accessibility statement, login, not found', (t) =>
  session(t, async ({ ctx, audit }) => {
    const page = await ctx.newPage();
    for (const [path, status] of [
      ['/offers', 200],
      ['/offers?page=2', 200],
      ['/offers?category=holiday-activities', 200],
      ['/about/accessibility', 200],
      ['/login', 200],
      ['/no-such-page', 404],
      ['/offers/00000000-0000-4000-8000-000000000000', 404],
    ]) {
      await goto(page, path, status);
      await auditPublic(ctx, page, audit, path);
    }
    await goto(page, '/offers?q=fotball');
    // The links under the results and in the footer lead somewhere (calendar, brochure, HSDS).
    const links = await page.$$eval('.kp-feeds a, .kp-footer a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.length >= 3, `feed and footer links (got ${links.join(', ')})`);
    for (const href of links) {
      const r = await page.request.get(BASE + href);
      audit.check(r.status() === 200, page, 'links under the results and in the footer', `${href} gives HTTP ${r.status()}`);
    }
    await goto(page, '/offers');
    assert.equal(await page.locator('.kp-pager a[rel=next]').count(), 1, 'the full list has a next-page link');
  }));

// No page may need inline script or style: with the real CSP (no bypass) nothing is refused, and
// the pages carry no <script> at all.
test('pages work under the strict CSP without any script', async () => {
  const ctx = await newContext({ bypassCSP: false });
  const refused = [];
  ctx.on('page', (p) => p.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(`${p.url()}: ${m.text()}`); }));
  try {
    const page = await ctx.newPage();
    for (const path of ['/', '/offers?q=fotball&age=12', '/offers?age=abc', '/about/accessibility', '/login', withLang('/', 'ar')]) {
      const res = await page.goto(path);
      const csp = res.headers()['content-security-policy'] || '';
      assert.match(csp, /script-src 'self'/, `${path} sends the CSP`);
      assert.doesNotMatch(csp, /unsafe-inline/, `${path}: no unsafe-inline`);
      assert.equal(await page.evaluate(() => document.scripts.length), 0, `${path} has no <script>`);
      assert.equal(await page.evaluate(() => document.querySelectorAll('[style]').length), 0, `${path} has no style attributes`);
      assert.equal(await page.evaluate(() => document.styleSheets.length >= 3), true, `${path} loads its stylesheets`);
    }
    assert.deepEqual(refused, [], 'the browser refused nothing under the CSP');
  } finally {
    await ctx.close();
  }
});

// The demo's offers differ in length, links and languages: every published offer page gets the
// 320 px check, and every fifth also axe and the same in Arabic, so content-dependent problems
// show up.
test('every published offer page at 320 px; every fifth also axe, and in ar', (t) =>
  session(t, async ({ ctx, audit }) => {
    const ids = [];
    for (let p = 1; ; p++) {
      const r = await ctx.request.get(`/api/v1/offers?per_page=100&page=${p}`);
      assert.equal(r.status(), 200);
      const d = await r.json();
      ids.push(...d.items.map((o) => o.id));
      if (p >= d.pages) break;
    }
    assert.ok(ids.length >= 100, `the demo has its ~150 offers (got ${ids.length})`);
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 320, height: 720 });
    for (const [i, id] of ids.entries()) {
      for (const lang of i % 5 === 0 ? ['nb', 'ar'] : ['nb']) {
        await goto(page, withLang(`/offers/${id}`, lang));
        await audit.reflow320(page, `offer page (${lang})`);
        if (i % 5 === 0) await audit.axe(page, `offer page (${lang})`);
      }
    }
  }));
