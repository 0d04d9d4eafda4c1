// Activities as families use them, on a 360 px phone: a coordinator publishes an activity week
// with two places; one family takes both places; another family signs up two siblings in Arabic
// and lands on the waiting list; the first family cancels through its private link, and the
// siblings' family accepts the offered places on its own page. axe checks every public page in
// nb and ar.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { auditPublic, closeBrowser, goto, htmlLangDir, login, newContext, posts, session, uniqueWord, withLang } from './lib.mjs';

after(closeBrowser);

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const iso = (d) => d.toISOString().slice(0, 10);
const daysFromNow = (n) => new Date(Date.now() + n * 86400_000);

// The coordinator makes and publishes a first-come activity with `places` places; returns its id.
async function publishActivity(title, places) {
  const ctx = await newContext();
  try {
    const page = await ctx.newPage();
    await login(page, 'koordinator');
    await goto(page, '/staff/activities/new');
    const offer = await page.locator('#f-offer_id option').evaluateAll((os) => os.map((o) => o.value).find((v) => v));
    await page.selectOption('#f-offer_id', offer);
    await page.fill('#f-title', title);
    await page.fill('#f-starts_on', iso(daysFromNow(30)));
    await page.fill('#f-ends_on', iso(daysFromNow(34)));
    await page.fill('#f-session_from', '10:00');
    await page.fill('#f-session_to', '14:00');
    for (const d of ['1', '2', '3', '4', '5', '6', '7']) await page.check(`input[name=weekdays][value="${d}"]`);
    await page.fill('#f-capacity', String(places));
    await page.fill('#f-age_min', '10');
    await page.fill('#f-age_max', '13');
    await page.fill('#f-signup_opens', iso(daysFromNow(-1)));
    await page.fill('#f-signup_closes', iso(daysFromNow(20)));
    await page.selectOption('#f-allocation', 'first_come');
    const resp = await posts(page, '/staff/activities/new', () => page.click('main form.kp-form button[type=submit]'));
    assert.equal(resp.status(), 303, 'the activity is saved');
    const id = new URL(page.url()).pathname.match(/\/staff\/activities\/([0-9a-f-]{36})/)?.[1];
    assert.ok(id, `saving opened ${page.url()}`);
    await page.click('form[action$="/state"]:has(input[value=published]) button[type=submit], form[action$="/state"] button[value=published]');
    await page.waitForLoadState('load');
    return id;
  } finally {
    await ctx.close();
  }
}

// Fills and sends the sign-up form on the open activity page; returns the receipt's private link.
async function signUp(page, guardian, children, contact) {
  for (let i = 1; i <= children.length; i++) {
    if (i > 1) {
      await Promise.all([page.waitForLoadState('load'), page.click('button[name=add_child]')]);
      await page.waitForSelector(`#f-child${i}_name`);
    }
    await page.fill(`#f-child${i}_name`, children[i - 1][0]);
    await page.fill(`#f-child${i}_birth_year`, children[i - 1][1]);
  }
  await page.fill('#f-guardian_name', guardian);
  await page.fill('#f-email', contact);
  await Promise.all([page.waitForLoadState('load'), page.click('button[name=send]')]);
  await page.waitForSelector('a.kp-act-private');
  return page.locator('a.kp-act-private').getAttribute('href');
}

test('two siblings wait, a place is cancelled, the family accepts the offered places', (t) =>
  session(t, async ({ ctx, audit }) => {
    const word = uniqueWord();
    const title = `Aktivitetsuke ${word}`;
    const id = await publishActivity(title, 2);
    const page = await ctx.newPage();

    // The list and the activity page, checked in nb and ar.
    await goto(page, '/activities');
    assert.ok(await page.locator('main a', { hasText: title }).count(), 'the activity is listed');
    await auditPublic(ctx, page, audit, 'activities list');
    await goto(page, `/activities/${id}`);
    await auditPublic(ctx, page, audit, 'activity page with sign-up form');

    // Mistakes are named field by field.
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=send]')]);
    assert.ok(await page.locator('#error-summary').count(), 'an error summary is shown');
    await auditPublic(ctx, page, audit, 'sign-up form with errors', { langs: [] });

    // The first family takes both places.
    await goto(page, `/activities/${id}`);
    const firstLink = await signUp(page, 'Kari Nordmann', [['Ola Nordmann', '2015'], ['Siri Nordmann', '2014']], 'kari@example.no');
    assert.ok(firstLink, 'the receipt has the private link');
    await auditPublic(ctx, page, audit, 'receipt');

    // The siblings' family signs up in Arabic on their own phone: the waiting list.
    const family = await newContext(phone);
    try {
      const fp = await family.newPage();
      await goto(fp, withLang(`/activities/${id}`, 'ar'));
      assert.equal((await htmlLangDir(fp)).dir, 'rtl');
      const link = await signUp(fp, 'أمل حداد', [['سارة حداد', '2015'], ['عمر حداد', '2013']], 'amal@example.no');
      assert.equal(await fp.locator('.kp-act-status .ds-tag[data-color=warning]').count(), 2, 'both children wait');
      await auditPublic(ctx, fp, audit, 'receipt in Arabic (waiting list)', { langs: ['nb'] });

      // The first family cancels both places through its private link.
      await goto(page, firstLink);
      await auditPublic(ctx, page, audit, 'own sign-up');
      for (let i = 0; i < 2; i++) {
        const path = new URL(firstLink, page.url()).pathname;
        const resp = await posts(page, path, () => page.locator('button[value=cancel]').first().click());
        assert.equal(resp.status(), 303);
      }
      assert.equal(await page.locator('button[value=cancel]').count(), 0, 'nothing left to cancel');

      // The siblings' family sees the offers on its own page and accepts them.
      await goto(fp, link);
      assert.equal(await fp.locator('button[value=accept]').count(), 2, 'both children are offered a place');
      await auditPublic(ctx, fp, audit, 'own sign-up with offers', { langs: ['nb'] });
      for (let i = 0; i < 2; i++) {
        const path = new URL(link, fp.url()).pathname;
        const resp = await posts(fp, path, () => fp.locator('button[value=accept]').first().click());
        assert.equal(resp.status(), 303);
      }
      assert.equal(await fp.locator('.ds-tag[data-color=success]').count(), 2, 'both children have a place');
    } finally {
      await family.close();
    }
  }, phone));
