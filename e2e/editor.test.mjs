// A catalog editor's work, keyboard first: log in, create an offer (meeting the error summary
// on the way), translate it, publish it — and a family finds it at once. Plus CSRF.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  activeId, auditPublic, closeBrowser, goto, login, navigates, newContext, posts, session, tabTo, uniqueWord, withLang,
} from './lib.mjs';

after(closeBrowser);

test('editor: keyboard login, new offer with an error first, translate, publish, found by the public at once', (t) =>
  session(t, async ({ ctx, audit }) => {
    const word = uniqueWord();
    const nbName = `Brettspillkveld ${word}`;
    const enName = `Board game evening ${word}`;
    const page = await ctx.newPage();

    await login(page, 'redaktor', { audit, keyboard: true });
    assert.equal(new URL(page.url()).pathname, '/staff', 'after login the editor lands on the overview');
    assert.ok(await page.locator('form.kp-logout').isVisible(), 'logged in (log-out button shown)');
    await audit.page(page, 'staff overview (editor)');

    // "New offer" with the keyboard.
    await tabTo(page, 'main a[href="/staff/offers/new"]', audit, { label: 'staff overview' });
    await Promise.all([page.waitForURL(/\/staff\/offers\/new$/), page.keyboard.press('Enter')]);
    await audit.page(page, 'new offer form');

    // Everything but the name: the error summary must point at the name field.
    const orgs = await page.$$eval('#f-organization_id option', (os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(orgs.length >= 1, 'the editor may choose at least one organisation');
    await page.selectOption('#f-organization_id', orgs[0]);
    const summaryText = 'Vi spiller brettspill sammen. Alle kan være med, og det er gratis.';
    await page.fill('#f-summary', summaryText);
    const firstCat = page.locator('input[name=categories]').first();
    const catValue = await firstCat.getAttribute('value');
    await firstCat.check();
    await page.check('#f-free-1');
    const bad = await posts(page, '/staff/offers/new', () => page.click('main form.kp-form > button[type=submit]'));
    assert.equal(bad.status(), 400, 'a missing name is refused');
    const summary = page.locator('#error-summary');
    assert.equal(await summary.isVisible(), true, 'the error summary is shown');
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.equal(await summary.locator('a[href="#f-name"]').count(), 1, 'the summary links to the name field');
    assert.equal(await page.getAttribute('#f-name', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#f-name', 'aria-describedby') || '', /\bf-name-error\b/);
    assert.equal(await page.locator('#f-name-error').isVisible(), true, 'the message is also next to the field');
    // What was written is kept.
    assert.equal(await page.inputValue('#f-organization_id'), orgs[0]);
    assert.equal(await page.inputValue('#f-summary'), summaryText);
    assert.equal(await page.isChecked(`input[name=categories][value="${catValue}"]`), true);
    assert.equal(await page.isChecked('#f-free-1'), true);
    await audit.page(page, 'new offer form with an error');
    // Error summaries of every other kind link to existing fields.
    const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const h of hrefs) assert.equal(await page.locator(h).count(), 1, `error link ${h} points to a field`);

    // Keyboard: Tab to the link, Enter: focus is in the name field; type the name there.
    await page.evaluate(() => document.activeElement?.blur());
    await tabTo(page, '#error-summary a[href="#f-name"]', audit, { label: 'error summary' });
    await page.keyboard.press('Enter');
    assert.equal(await activeId(page), 'f-name', 'the error link moves focus to the name field');
    await page.keyboard.type(nbName);
    const good = await posts(page, '/staff/offers/new', () => page.click('main form.kp-form > button[type=submit]'));
    assert.ok([302, 303].includes(good.status()), `saved: a redirect to the offer (got HTTP ${good.status()})`);
    assert.match(page.url(), /\/staff\/offers\/[0-9a-f-]{36}\?saved=1$/);
    const offerId = new URL(page.url()).pathname.split('/')[3];
    assert.equal(await page.locator('main .ds-alert[role=status]').isVisible(), true, '"Saved." is announced');
    await audit.page(page, 'offer preview (draft)');

    // A draft is not public.
    const anon = await newContext();
    try {
      const ap = await anon.newPage();
      await goto(ap, `/offers?q=${word}`);
      assert.equal(await ap.locator('.kp-results .kp-card').count(), 0, 'a draft must not be in the public search');
      await goto(ap, `/offers/${offerId}`, 404);
    } finally {
      await anon.close();
    }

    // Translate into English.
    await page.locator(`main a[href="/staff/offers/${offerId}/translate/en"]`).first().focus();
    await Promise.all([page.waitForURL(/\/translate\/en$/), page.keyboard.press('Enter')]);
    assert.equal(await page.getAttribute('#f-name', 'lang'), 'en');
    await audit.page(page, 'translate into English');
    await page.fill('#f-name', enName);
    await page.fill('#f-summary', 'We play board games together. Everyone is welcome, and it is free.');
    await navigates(page, () => page.click('main form.kp-form > button[type=submit]'));
    assert.match(page.url(), /\/staff\/offers\/[0-9a-f-]{36}\?saved=1$/, 'the translation is saved');

    // Publish, with the keyboard.
    const publish = page.locator(`main form[action="/staff/offers/${offerId}/state"] button[value=published]`);
    await publish.focus();
    await navigates(page, () => page.keyboard.press('Enter'));
    assert.equal(await page.locator(`main form[action="/staff/offers/${offerId}/state"] button[value=published]`).count(), 0, 'published: no Publish button any more');
    assert.equal(await page.locator('main .ds-tag[data-color=success]').count() >= 1, true, 'the status shows Published');
    await audit.page(page, 'offer preview (published)');

    // The public finds it immediately: in Norwegian, and in English with the English name.
    const pub = await newContext();
    try {
      const pp = await pub.newPage();
      await goto(pp, `/offers?q=${encodeURIComponent(nbName)}`);
      const nbHits = await pp.$$eval('.kp-results .kp-card h3 a', (as) => as.map((a) => a.textContent.trim()));
      assert.ok(nbHits.includes(nbName), `the public search finds "${nbName}" (got ${JSON.stringify(nbHits)})`);
      await auditPublic(pub, pp, audit, 'public search for the new offer');
      await goto(pp, withLang(`/offers?q=${encodeURIComponent(enName)}`, 'en'));
      const enHits = await pp.$$eval('.kp-results .kp-card h3 a', (as) => as.map((a) => a.textContent.trim()));
      assert.ok(enHits.includes(enName), `?lang=en finds it with the English name "${enName}" (got ${JSON.stringify(enHits)})`);
      await audit.page(pp, 'public English search for the new offer', { reflow: true });
      await goto(pp, withLang(`/offers/${offerId}`, 'en'));
      assert.equal((await pp.textContent('main h1')).trim(), enName);
      await goto(pp, `/offers/${offerId}`);
      assert.equal((await pp.textContent('main h1')).trim(), nbName);
      await auditPublic(pub, pp, audit, 'the new offer, public page');
    } finally {
      await pub.close();
    }

    // An editor is not an admin: the forbidden page must be accessible too.
    await goto(page, '/admin/users', 403);
    await audit.page(page, 'forbidden page (editor on /admin/users)');
  }));

test('CSRF: posts without the form token are refused with 403', (t) =>
  session(t, async ({ ctx, audit }) => {
    const page = await ctx.newPage();
    await goto(page, '/login');
    const post = (fields) => page.evaluate(async (f) => {
      const r = await fetch('/login', { method: 'POST', body: new URLSearchParams(f), redirect: 'manual' });
      return r.status;
    }, fields);
    assert.equal(await post({ username: 'admin', password: 'x' }), 403, 'no token');
    assert.equal(await post({ csrf: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', username: 'admin', password: 'x' }), 403, 'a wrong token');
    const viaRequest = await ctx.request.post('/login', { form: { username: 'admin', password: 'x' }, maxRedirects: 0 });
    assert.equal(viaRequest.status(), 403, 'a request without the token (request context)');
    // Control: with the page's own token the same post gets past the CSRF check (and is then
    // refused for the wrong password — for a user that does not exist, so no account is throttled).
    const token = await page.inputValue('form[action="/login"] input[name=csrf]');
    assert.equal(await post({ csrf: token, username: 'e2e-nobody', password: 'x' }), 401, 'with the token: reaches the login check');

    // The page a visitor sees when the token is missing (an expired form) is accessible.
    await page.evaluate(() => document.querySelector('form[action="/login"] input[name=csrf]').remove());
    await page.fill('#f-username', 'admin');
    await page.fill('#f-password', 'x');
    const resp = await posts(page, '/login', () => page.click('main button[type=submit]'));
    assert.equal(resp.status(), 403);
    await audit.page(page, '"the form has expired" page', { reflow: true });

    // Signed in, a state change without the token is refused as well, and changes nothing.
    await login(page, 'redaktor');
    const r = await page.evaluate(async () => (await fetch('/logout', { method: 'POST', body: new URLSearchParams({}), redirect: 'manual' })).status);
    assert.equal(r, 403, 'logout without the token');
    const still = await page.goto('/staff');
    assert.equal(still.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/staff', 'still logged in after the refused post');
  }));
