// The equipment pool as a lender uses it, in the browser: register a ski type with an
// after-each-loan maintenance plan and a numbered pair of skis, lend them to an adult with a
// child as co-borrower, take them back with a condition check, be stopped by the maintenance
// plan with a clear message, record the maintenance (keyboard only), and lend them again.
// axe-core checks every page in nb and ar.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { auditStaff, closeBrowser, goto, login, posts, session, uniqueWord } from './lib.mjs';

after(closeBrowser);

const lendForm = 'main form[method=post][action="/staff/equipment/lend"]';

async function lend(page, number, borrower, phone) {
  await goto(page, `/staff/equipment/lend?item=${encodeURIComponent(number)}`);
  await page.fill('#f-borrower_name', borrower);
  await page.fill('#f-borrower_phone', phone);
  return posts(page, '/staff/equipment/lend', () => page.click(`${lendForm} button[type=submit]`));
}

// A 1×1 PNG made by hand (no image library needed to write the test).
const onePixelPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGPQqrICAAGwAN8/Ad4qAAAAAElFTkSuQmCC';

test('a pair of skis goes out, comes back, is blocked for maintenance, and goes out again', (t) =>
  session(t, async ({ ctx, audit }) => {
    const word = uniqueWord();
    const number = `SKI-${word.slice(-5).toUpperCase()}`;
    const page = await ctx.newPage();
    await login(page, 'koordinator');
    await goto(page, '/staff/equipment');
    await auditStaff(ctx, page, audit, 'equipment overview');

    // A type with an after-each-loan plan, and one numbered pair of skis.
    await goto(page, '/staff/equipment/types/new');
    await auditStaff(ctx, page, audit, 'new item type');
    await page.selectOption('#f-category', 'ski');
    await page.fill('#f-name', `Langrennski ${word}`);
    await page.fill('#f-size', '150 cm');
    await page.check('#f-after_each_loan-1');
    let resp = await posts(page, '/staff/equipment/types/new', () => page.click('main form.kp-form button[type=submit]'));
    assert.equal(resp.status(), 303, 'the type is saved');
    await auditStaff(ctx, page, audit, 'item types');

    await goto(page, '/staff/equipment/items/new');
    await auditStaff(ctx, page, audit, 'new item');
    const typeValue = await page.locator('#f-type_id option', { hasText: word }).first().getAttribute('value');
    await page.selectOption('#f-type_id', typeValue);
    await page.fill('#f-number', number);
    resp = await posts(page, '/staff/equipment/items/new', () => page.click('main form.kp-form button[type=submit]'));
    assert.equal(resp.status(), 303, 'the item is saved');
    const itemPath = new URL(page.url()).pathname;
    assert.match(itemPath, /^\/staff\/equipment\/items\/[0-9a-f-]{36}$/);
    await auditStaff(ctx, page, audit, 'an item');

    // A photo of the skis: the browser shows it on the item page.
    await page.setInputFiles('#photo', { name: 'ski.png', mimeType: 'image/png', buffer: Buffer.from(onePixelPng, 'base64') });
    resp = await posts(page, `${itemPath}/photo`, () => page.click('main form[action$="/photo"] button[type=submit]'));
    assert.equal(resp.status(), 303, 'the photo is saved');
    const shown = await page.locator('img.kp-item-photo').evaluate((img) => img.complete && img.naturalWidth);
    assert.equal(shown, 1, 'the photo is loaded and shown');
    await auditStaff(ctx, page, audit, 'an item with a photo');

    // Out: to an adult, with a child as co-borrower.
    await goto(page, `/staff/equipment/lend?item=${encodeURIComponent(number)}`);
    await auditStaff(ctx, page, audit, 'lend form');
    await page.fill('#f-borrower_name', `Kari ${word}`);
    await page.fill('#f-borrower_phone', '41234567');
    await page.fill('#f-child_name_1', `Ola ${word}`);
    await page.fill('#f-child_year_1', '2016');
    resp = await posts(page, '/staff/equipment/lend', () => page.click(`${lendForm} button[type=submit]`));
    assert.equal(resp.status(), 303, 'the loan is registered');
    const loanPath = new URL(page.url()).pathname;
    assert.match(loanPath, /^\/staff\/equipment\/loans\/[0-9a-f-]{36}$/);
    assert.ok(await page.locator('main').getByText(`Ola ${word}`).count() > 0, 'the child is on the loan');
    await auditStaff(ctx, page, audit, 'a loan');
    await goto(page, '/staff/equipment/loans');
    await auditStaff(ctx, page, audit, 'loans out');

    // Back, with the condition check.
    await goto(page, loanPath);
    await page.selectOption('#f-condition_1', 'good');
    resp = await posts(page, `${loanPath}/return`, () => page.click('main form[action$="/return"] button[type=submit]'));
    assert.equal(resp.status(), 303, 'the return is registered');

    // The maintenance plan stops the next loan, with a message that says why.
    resp = await lend(page, number, `Per ${word}`, '42345678');
    assert.equal(resp.status(), 400, 'the second loan is refused');
    const summary = page.locator('#error-summary');
    assert.ok(await summary.count() > 0, 'an error summary is shown');
    assert.equal(await summary.locator('a').first().getAttribute('href'), '#f-item_1');
    assert.match(await page.locator('#f-item_1-error').innerText(), /maintenance|vedlikehold/i);
    await auditStaff(ctx, page, audit, 'lend refused for maintenance');

    // Maintenance recorded with the keyboard only.
    await goto(page, `${itemPath}/maintenance`);
    await auditStaff(ctx, page, audit, 'record maintenance');
    await page.focus('#f-what');
    await page.keyboard.type('Smurt og sjekket bindingene');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Frivilligsentralen');
    await page.focus('#f-cost');
    await page.keyboard.type('150');
    await page.focus('main form.kp-form button[type=submit]');
    resp = await posts(page, `${itemPath}/maintenance`, () => page.keyboard.press('Enter'));
    assert.equal(resp.status(), 303, 'the maintenance is recorded');
    assert.ok(await page.locator('main').getByText('Smurt og sjekket bindingene').count() > 0);

    // And the skis can go out again.
    resp = await lend(page, number, `Per ${word}`, '42345678');
    assert.equal(resp.status(), 303, 'lent again after maintenance');
  }));
