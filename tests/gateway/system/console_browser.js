// Drives the ops console in headless Chromium (puppeteer-core over the DevTools protocol) as
// an operator would, asserting on what each page shows and writing a screenshot of each.
// Run by console_browser_test.py:
//   node console_browser.js BASE_URL ADMIN_KEY OTHER_KEY OUT_DIR PURCHASE_ID
const puppeteer = require('puppeteer-core');
const path = require('path');

const [base, adminKey, readKey, out, purchase] = process.argv.slice(2);
const failures = [];
function expect(condition, what) {
  if (!condition) failures.push(what);
}

async function shot(page, name) {
  await page.screenshot({path: path.join(out, name + '.png'), fullPage: true});
}

async function text(page) {
  return page.evaluate(() => document.body.innerText);
}

async function logIn(page, key) {
  await page.goto(base + '/console/login');
  await page.type('input[name=key]', key);
  await Promise.all([page.waitForNavigation(), page.click('form.login button[type=submit]')]);
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.MG_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1280, height: 900});
    page.setDefaultTimeout(15000);

    // Without a session, any page leads to the login form.
    await page.goto(base + '/console/markets/DE');
    expect(page.url() === base + '/console/login', 'no session: at ' + page.url());
    expect(await page.$('form.login input[name=key]') !== null, 'no login form');
    expect(!(await text(page)).includes('Germany'), 'the login page shows a market');
    await shot(page, '1-login');

    // A key without the admin scope is refused, and says why.
    await logIn(page, readKey);
    expect((await text(page)).includes('has no admin scope'), 'read key: ' + (await text(page)));
    await logIn(page, 'sk_not_a_key');
    expect((await text(page)).includes('Unknown API key.'), 'unknown key not refused');
    await shot(page, '2-login-refused');

    // The admin key signs in; the cookie is HttpOnly and SameSite=Strict.
    await logIn(page, adminKey);
    expect(page.url() === base + '/console/markets', 'after login at ' + page.url());
    const cookies = await page.cookies();
    const session = cookies.find((c) => c.name === 'mg_console');
    expect(session && session.httpOnly && session.sameSite === 'Strict',
           'session cookie flags: ' + JSON.stringify(session));
    expect(session && !session.value.includes(adminKey), 'the cookie carries the key');
    const markets = await text(page);
    const counted = markets.match(/(\d+) of (\d+) markets/);
    expect(counted && counted[1] === counted[2] && Number(counted[1]) >= 40,
           'markets count: ' + (counted && counted[0]));
    expect(await page.$('a[href="/console/markets/DE"]') !== null, 'no link to DE');
    await shot(page, '3-markets');

    // The filter, as typed into its box.
    await page.type('input[name=q]', 'JPY');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    const filtered = await page.$$eval('table.markets tbody tr td:first-child',
                                       (cells) => cells.map((c) => c.innerText));
    expect(JSON.stringify(filtered) === '["JP"]', 'JPY filter kept ' + JSON.stringify(filtered));
    await shot(page, '4-markets-filtered');

    // Germany: facts, the catalog as the API formats it in de-DE, VAT, rules.
    await page.goto(base + '/console/markets');
    await Promise.all([page.waitForNavigation(), page.click('a[href="/console/markets/DE"]')]);
    const de = await text(page);
    expect(await page.$eval('h1', (h) => h.innerText) === 'DE · Germany', 'DE heading');
    const prices = await page.$$eval('table.catalog[data-locale="de-DE"] td.num',
                                     (cells) => cells.map((c) => c.innerText));
    expect(prices.includes('0,99\u00a0€'), 'de-DE prices: ' + JSON.stringify(prices));
    expect(de.includes('19 %'), 'no 19 % VAT');
    expect((await page.$$('table.rules tbody tr')).length > 0, 'no rules listed');
    expect((await page.$$('table.payments tbody tr')).length > 0, 'no payment methods listed');
    const payments = await page.$eval('table.payments', (t) => t.innerText);
    expect(/adyen \(weight 80, breaker closed\)/.test(payments), 'payments: ' + payments);
    await shot(page, '5-market-DE');

    // A broken market file pasted into the dry run: the error at its line.
    await Promise.all([page.waitForNavigation(), page.click('a[href="/console/markets/DE/change"]')]);
    const original = await page.$eval('textarea[name=yaml]', (t) => t.value);
    expect(original.includes('market: DE'), 'the form does not hold DE.yaml');
    const badLine = original.split('\n').length;  // appended after the final newline
    await page.$eval('textarea[name=yaml]', (t, v) => { t.value = v; },
                     original + 'not_a_market_field: 1\n');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    const marked = await page.$$eval('li.error-line', (items) => items.map((i) => i.id));
    expect(JSON.stringify(marked) === JSON.stringify(['line-' + badLine]),
           'marked lines ' + JSON.stringify(marked) + ', expected line-' + badLine);
    const errorList = await page.$eval('ul.load-errors', (u) => u.innerText);
    expect(errorList.includes('markets/DE.yaml:' + badLine + ':1'), 'errors: ' + errorList);
    await shot(page, '6-change-error');

    // A valid change: its diff against the serving snapshot; nothing applied.
    await page.$eval('textarea[name=yaml]', (t, v) => { t.value = v; },
                     original.replace('{sku: coins_70, coins: 70, price: "0.99"}',
                                      '{sku: coins_70, coins: 70, price: "1.09"}'));
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    const diff = await page.$$eval('table.diff tbody tr', (rows) => rows.map((r) => r.innerText));
    expect(diff.some((r) => r.includes('coins_70: 0,99\u00a0€ -> 1,09\u00a0€')),
           'diff: ' + JSON.stringify(diff));
    await shot(page, '7-change-diff');
    await page.goto(base + '/console/markets/DE');
    expect((await page.$$eval('table.catalog td.num', (c) => c.map((x) => x.innerText)))
               .includes('0,99\u00a0€'), 'the dry run changed the serving catalog');

    // DE's compliance cases, run from the console, and the report they make.
    await Promise.all([page.waitForNavigation(), page.click('a[href="/console/compliance"]')]);
    await page.select('select[name=market]', 'DE');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    const summary = await page.$eval('main h2', (h) => h.innerText);
    const ran = summary.match(/^(\d+) cases, 0 failed$/);
    expect(ran && Number(ran[1]) > 0, 'DE compliance summary: ' + summary);
    await shot(page, '8-compliance');
    await Promise.all([page.waitForNavigation(),
                       page.click('a[href="/console/compliance/report?market=DE"]')]);
    const report = await text(page);
    expect(report.includes('DE') && report.toLowerCase().includes('fingerprint'),
           'the report: ' + report.slice(0, 300));
    await shot(page, '9-compliance-report');
    await page.goBack();  // the report is its own document, without the console's navigation

    // The reloads: the start-up load, then one asked for from here.
    await Promise.all([page.waitForNavigation(), page.click('a[href="/console/reloads"]')]);
    expect((await text(page)).includes('start-up'), 'no start-up reload listed');
    await Promise.all([page.waitForNavigation(),
                       page.click('form[action="/console/reload"] button[type=submit]')]);
    const reloads = await page.$$eval('table.reloads tbody tr', (r) => r.map((x) => x.innerText));
    expect(reloads.length === 2 && reloads[0].includes('console (console-admin)') &&
               reloads[0].includes('loaded'),
           'reloads: ' + JSON.stringify(reloads));
    await shot(page, '10-reloads');

    // The purchase made through the API, looked up by its id.
    await page.click('a[href="/console/money"]');
    await page.waitForSelector('input[name=id]');
    await page.type('input[name=id]', purchase);
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    const money = await text(page);
    expect(money.includes('Purchase ' + purchase), 'no purchase heading: ' + money.slice(0, 400));
    expect(money.includes('succeeded'), 'the purchase is not shown succeeded');
    // Chromium asks for en-US: amounts are written the American way.
    expect(money.includes('€0.99 (tax €0.16)'), 'the purchase total is not shown: ' + money);
    expect((await page.$$('table.attempts tbody tr')).length > 0, 'no provider calls listed');
    expect((await page.$$('table.journals tbody tr')).length > 0, 'no journal listed');
    await shot(page, '11-purchase');
    // A German operator's browser: the same page in German numbers.
    await page.setExtraHTTPHeaders({'Accept-Language': 'de-DE,de;q=0.9'});
    await page.reload();
    expect((await text(page)).includes('0,99\u00a0€ (tax 0,16\u00a0€)'),
           'German amounts: ' + (await text(page)).slice(0, 600));
    await shot(page, '12-purchase-de');
    await page.setExtraHTTPHeaders({});

    // Germany's figures of the last hour: the purchase above and a declined one, drawn.
    await Promise.all([page.waitForNavigation(), page.click('a[href="/console/figures"]')]);
    await page.select('select[name=market]', 'DE');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    const figures = await text(page);
    expect(figures.includes('2 settled: 1 succeeded, 1 failed; success rate 50%'),
           'DE figures: ' + figures.slice(0, 600));
    expect(figures.includes('Taken: €0.99'), 'DE volume: ' + figures.slice(0, 600));
    expect((await page.$$('svg.columns rect.bar-ok')).length === 1 &&
               (await page.$$('svg.columns rect.bar-failed')).length === 1, 'no columns drawn');
    const declines = await page.$$eval('svg.bars title', (t) => t.map((x) => x.textContent));
    expect(declines.includes('insufficient_funds: 1'), 'declines: ' + JSON.stringify(declines));
    const calls = await page.$$eval('table.latency tbody tr', (r) => r.map((x) => x.innerText));
    expect(calls.length > 0 && calls.every((c) => /· authorize/.test(c)),
           'calls: ' + JSON.stringify(calls));
    await shot(page, '13-figures');

    // Nothing in doubt: the purchase above had its answer.
    await Promise.all([page.waitForNavigation(), page.click('a[href="/console/attention"]')]);
    const attention = await text(page);
    expect(attention.includes('Nothing needs a person now') &&
               attention.includes('Every provider call and payout has its final answer'),
           'attention: ' + attention.slice(0, 400));
    await shot(page, '14-attention');

    // Logging out ends the session for good.
    await Promise.all([page.waitForNavigation(), page.click('form.logout button[type=submit]')]);
    expect(page.url() === base + '/console/login', 'after logout at ' + page.url());
    await page.goto(base + '/console/markets');
    expect(page.url() === base + '/console/login', 'signed out, yet at ' + page.url());
    await shot(page, '15-logged-out');
  } finally {
    await browser.close();
  }
  for (const failure of failures) console.log('FAIL: ' + failure);
  process.exit(failures.length ? 1 : 0);
})().catch((error) => {
  console.log('FAIL: ' + error.stack);
  process.exit(1);
});
