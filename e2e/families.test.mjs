// The family follow-up as staff use it, in the browser: a public health nurse registers a
// concern, the coordinator turns it into a family, records consent and puts the nurse on the
// team, writes the family's plan, holds a meeting whose decisions become measures, records
// progress and sees the radar chart; then the consent is withdrawn and the nurse is shut out at
// once, and the family's access log shows every look. axe-core checks every page in nb and ar.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { auditStaff, closeBrowser, goto, login, newContext, posts, session, uniqueWord } from './lib.mjs';

after(closeBrowser);

const submit = (page) => page.click('main form.kp-form button[type=submit]');

test('concern → family → consent → plan → meeting → progress; withdrawal shuts the nurse out', (t) =>
  session(t, async ({ ctx, audit }) => {
    const first = uniqueWord().replace(/^./, (c) => c.toUpperCase());
    const child = `${first} Testesen`;
    const nursePage = await ctx.newPage();
    await login(nursePage, 'helsesykepleier');

    // 1. The nurse registers a concern.
    await goto(nursePage, '/staff/referrals/new');
    await auditStaff(ctx, nursePage, audit, 'register a concern');
    await nursePage.check('input[name=kind][value=concern]');
    await nursePage.fill('#f-child_name', child);
    await nursePage.fill('#f-child_birth', '2016-04-12');
    await nursePage.fill('#f-contact_name', 'Amina Testmor');
    await nursePage.fill('#f-phone', '40000000');
    await nursePage.fill('#f-description', 'Barnet sier at det ikke har råd til å bli med på aktiviteter.');
    await nursePage.check('input[name=consent_to_contact]');
    let resp = await posts(nursePage, '/staff/referrals/new', () => submit(nursePage));
    assert.equal(resp.status(), 200, 'the concern is saved and a receipt shown');
    await auditStaff(ctx, nursePage, audit, 'concern receipt');

    // 2. The coordinator accepts it: a new family.
    const coordCtx = await newContext();
    const coord = await coordCtx.newPage();
    try {
      await login(coord, 'koordinator');
      await goto(coord, '/staff/referrals');
      await auditStaff(coordCtx, coord, audit, 'referral inbox');
      const link = coord.locator('main tr', { hasText: first }).locator('a[href^="/staff/referrals/"]').first();
      const href = await link.getAttribute('href');
      assert.ok(href, 'the concern is in the inbox');
      await goto(coord, href);
      await auditStaff(coordCtx, coord, audit, 'a referral');
      resp = await posts(coord, `${href}/accept`, () => coord.click('form[action$="/accept"]:has(input[name=mode][value=new]) button[type=submit]'));
      assert.ok([200, 303].includes(resp.status()), `accept answered ${resp.status()}`);
      const familyPath = new URL(coord.url()).pathname.replace(/\/$/, '');
      assert.match(familyPath, /^\/staff\/families\/[0-9a-f-]{36}$/, 'accepting opens the new family');
      await auditStaff(coordCtx, coord, audit, 'family overview');

      // 3. Consent for the health service, and the nurse on the team.
      await goto(coord, `${familyPath}/consent/new`);
      await auditStaff(coordCtx, coord, audit, 'record a consent');
      await coord.fill('#f-given_by', 'Amina Testmor');
      await coord.check('input[name=services][value=health]');
      for (const kind of ['basic', 'plan', 'log']) await coord.check(`input[name=info_kinds][value=${kind}]`);
      await coord.fill('#f-purpose', 'Samarbeid om familiens plan');
      await coord.fill('#f-valid_to', '2027-06-30');
      resp = await posts(coord, `${familyPath}/consent/new`, () => submit(coord));
      assert.equal(resp.status(), 303, 'the consent is recorded');
      await goto(coord, familyPath);
      const teamSelect = coord.locator('form[action$="/team"] select[name=user_id]');
      const nurseValue = await teamSelect.locator('option', { hasText: 'Helga' }).first().getAttribute('value');
      await teamSelect.selectOption(nurseValue);
      resp = await posts(coord, `${familyPath}/team`, () => coord.click('form[action$="/team"] button[type=submit]'));
      assert.equal(resp.status(), 303);

      // 4. The family's plan: a goal in the family's words.
      await goto(coord, `${familyPath}/plan/goals/new`);
      await auditStaff(coordCtx, coord, audit, 'new goal');
      await coord.selectOption('#f-area', 'participation');
      await coord.fill('#f-text', `${first} skal være med på en fritidsaktivitet hver uke.`);
      resp = await posts(coord, `${familyPath}/plan/goals/new`, () => submit(coord));
      assert.equal(resp.status(), 303);
      await goto(coord, `${familyPath}/plan`);
      await auditStaff(coordCtx, coord, audit, 'the plan');

      // 5. A meeting whose decision becomes a measure with one click.
      await goto(coord, `${familyPath}/meetings/new`);
      await auditStaff(coordCtx, coord, audit, 'new meeting');
      await coord.fill('#f-held_on', '2026-11-20');
      await coord.fill('#f-participants', `Amina, ${first}, Kai Koordinator, Helga Helsesøster`);
      await coord.fill('#f-decisions', 'Søke om fritidskort\nPrøve fotball på torsdager');
      resp = await posts(coord, `${familyPath}/meetings/new`, () => submit(coord));
      assert.equal(resp.status(), 303);
      if (!/\/meetings\/[0-9a-f-]{36}$/.test(new URL(coord.url()).pathname)) {
        await goto(coord, `${familyPath}/meetings`);
        await goto(coord, await coord.locator('main a[href*="/meetings/"]:not([href$="/new"])').first().getAttribute('href'));
      }
      const meetingPath = new URL(coord.url()).pathname;
      await auditStaff(coordCtx, coord, audit, 'a meeting');
      resp = await posts(coord, `${meetingPath}/decisions`, () => coord.locator('form[action$="/decisions"] button[type=submit]').first().click());
      assert.equal(resp.status(), 303, 'the decision became a measure');
      await goto(coord, `${familyPath}/plan`);
      assert.ok(await coord.getByText('Søke om fritidskort').count() > 0, 'the measure is in the plan');

      // 6. Progress: two assessments, then the radar chart and its table.
      for (const [day, score] of [['2026-09-01', '3'], ['2026-11-20', '6']]) {
        await goto(coord, `${familyPath}/progress/scores`);
        await coord.fill('#f-assessed_on', day);
        await coord.locator('main select[name^="family_"]').first().selectOption(score);
        resp = await posts(coord, `${familyPath}/progress/scores`, () => submit(coord));
        assert.equal(resp.status(), 303);
      }
      await goto(coord, `${familyPath}/progress`);
      assert.ok(await coord.locator('main svg[role=img]').count() > 0, 'a chart is drawn');
      assert.ok(await coord.locator('main table').count() > 0, 'with its numbers as a table');
      await auditStaff(coordCtx, coord, audit, 'progress');

      // 7. The nurse works in the family while consent allows…
      let nurse = await nursePage.goto(familyPath);
      assert.equal(nurse.status(), 200, 'the nurse opens the family with consent');
      nurse = await nursePage.goto(`${familyPath}/plan`);
      assert.equal(nurse.status(), 200);

      // …and loses access the moment the consent is withdrawn.
      await goto(coord, `${familyPath}/consent`);
      await auditStaff(coordCtx, coord, audit, 'consents');
      const withdraw = coord.locator('form[action$="/withdraw"]').first();
      const action = new URL(await withdraw.getAttribute('action'), coord.url()).pathname;
      resp = await posts(coord, action, () => withdraw.locator('button[type=submit]').click());
      assert.equal(resp.status(), 303);
      nurse = await nursePage.goto(familyPath);
      assert.equal(nurse.status(), 404, 'the nurse is shut out at once');

      // 8. The family's access log lists the nurse's looks.
      await goto(coord, `${familyPath}/access-log`);
      await auditStaff(coordCtx, coord, audit, 'access log');
      assert.ok(await coord.locator('main').getByText('Helga Helsesøster').count() > 0, 'the access log shows the nurse');

      // The coordinator's caseload.
      await goto(coord, '/staff/caseload');
      await auditStaff(coordCtx, coord, audit, 'caseload');
    } finally {
      await coordCtx.close();
    }
  }));

test('the public "I want help" form works on a phone, in Arabic, with a receipt and no personal data', (t) =>
  session(t, async ({ ctx, audit }) => {
    const page = await ctx.newPage();
    await goto(page, '/help?lang=ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await audit.page(page, 'help form (ar, phone)', { reflow: true });
    const name = `Fatima ${uniqueWord()}`;
    await page.fill('#f-name', name);
    await page.fill('#f-phone', '41000000');
    await page.check('input[name=consent]');
    const resp = await posts(page, '/help', () => page.click('main form button[type=submit]'));
    assert.equal(resp.status(), 200);
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes(name) && !text.includes('41000000'), 'the receipt shows no personal data');
    await audit.page(page, 'help receipt (ar, phone)', { reflow: true });
  }, { viewport: { width: 360, height: 740 }, locale: 'ar' }));
