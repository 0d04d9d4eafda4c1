// Every staff page an administrator sees, checked with axe in Norwegian and Arabic. At 320 px
// the staff pages are only noted (the families' pages must pass; staff use them mostly on PCs).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { auditStaff, closeBrowser, goto, login, PASSWORD, posts, session } from './lib.mjs';

after(closeBrowser);

test('admin: every staff and admin page passes axe in nb and ar', (t) =>
  session(t, async ({ ctx, audit }) => {
    const page = await ctx.newPage();
    await login(page, 'admin');
    assert.equal(new URL(page.url()).pathname, '/staff');

    const visit = async (path, label = path) => {
      await goto(page, path);
      assert.equal(new URL(page.url()).pathname, path.split('?')[0], `${path} did not redirect (still logged in)`);
      await auditStaff(ctx, page, audit, label);
    };
    const firstHref = async (selector) => {
      const a = await page.$(selector);
      assert.ok(a, `a link matching ${selector} on ${page.url()}`);
      return a.getAttribute('href');
    };

    await visit('/staff', 'staff overview (admin)');
    await visit('/staff/offers');
    const offer = await firstHref('main table a[href^="/staff/offers/"]');
    await visit('/staff/offers?state=published&q=fotball', '/staff/offers filtered');
    await visit('/staff/offers/new');
    await visit(offer, 'offer preview');
    await visit(`${offer}/edit`, 'edit offer');
    await visit(`${offer}/translate/en`, 'translate into English');
    await visit(`${offer}/translate/ar`, 'translate into Arabic');
    await visit('/staff/translations');
    await visit('/admin/organizations');
    const org = await firstHref('main table a[href^="/admin/organizations/"]');
    await visit('/admin/organizations/new');
    await visit(org, 'edit organisation');
    await visit('/admin/categories');
    await visit('/admin/users');
    const user = await firstHref('main a[href^="/admin/users/"]');
    await visit(user, 'a staff account');
    await visit('/admin/audit');
    await visit('/account');
  }));

// run.sh requires two-step login for "leder": the set-up page and its error state.
test('two-step login set-up page, and a wrong code', (t) =>
  session(t, async ({ ctx, audit }) => {
    const page = await ctx.newPage();
    await goto(page, '/login');
    await page.fill('#f-username', 'leder');
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(/\/login\/enroll/), page.click('main button[type=submit]')]);
    assert.match(await page.textContent('main .kp-secret code'), /^[A-Z2-7]{16,}$/, 'a setup key is shown');
    assert.equal(await page.getAttribute('#f-code', 'autocomplete'), 'one-time-code');
    await audit.page(page, 'two-step set-up', { reflow: true });
    await page.fill('#f-code', '000000');
    const resp = await posts(page, '/login/enroll', () => page.click('main button[type=submit]'));
    assert.equal(resp.status(), 400);
    assert.equal(await page.locator('#error-summary a[href="#f-code"]').count(), 1, 'the error summary links to the code field');
    assert.equal(await page.getAttribute('#f-code', 'aria-invalid'), 'true');
    await audit.page(page, 'two-step set-up, wrong code', { reflow: true });
    // Still not signed in: the staff pages send the half-logged-in visitor to the login page.
    await page.goto('/staff');
    assert.equal(new URL(page.url()).pathname, '/login');
  }));
