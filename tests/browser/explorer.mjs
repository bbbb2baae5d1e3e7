// Drives Debian's headless Chromium through the explorer of a live CQS server, as a person would:
//   node tests/browser/explorer.mjs http://127.0.0.1:8080/graphql "Expected center name"
// Opens the page, waits for GraphiQL, types a query into its editor, runs it, reads the result
// pane, then finds `Query.centers` in the documentation explorer; with CQS_TOKEN (an admin's
// bearer token) it then types the token into the headers tab, runs a subscription, retitles a
// project through POST /graphql, and reads the change in the result pane, heard over the page's
// WebSocket with what only a signed-in subscriber reads (the carrier's contact). Fails (exit 1) unless each
// step shows what it must, and also when the page asked for anything from a host other than this
// machine, or logged an error (a refused Content-Security-Policy directive is one).
// CQS_CHROMIUM names another Chromium; CQS_BROWSER_SCREENSHOT, a PNG to save the page to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, expected] = process.argv.slice(2);
if (!url || !expected) {
  console.error('usage: node explorer.mjs URL-OF-/graphql EXPECTED-TEXT');
  process.exit(2);
}
const executablePath = process.env.CQS_CHROMIUM ?? '/usr/bin/chromium';
const query = '{ centers { nodes { name } } }';

// Whatever happens, the run ends.
setTimeout(() => {
  console.error('FAIL the browser check did not finish within 120 s');
  process.exit(1);
}, 120_000).unref();

const loopback = (address) => {
  const { protocol, hostname } = new URL(address);
  if (['data:', 'blob:', 'about:'].includes(protocol)) return true;
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
};

const problems = [];
const requests = [];
const profile = mkdtempSync(join(tmpdir(), 'cqs-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  // Nothing leaves the machine even if the page asks: such a request is recorded, then aborted.
  await context.route((address) => !loopback(address.href), (route) => route.abort());
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (request) => {
    requests.push(`${request.method()} ${request.url().slice(0, 120)}`);
    if (!loopback(request.url())) problems.push(`requested another host: ${request.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });

  const response = await page.goto(url, { waitUntil: 'load' });
  if (response.status() !== 200) throw new Error(`GET ${url} answered ${response.status()}`);
  const csp = response.headers()['content-security-policy'] ?? '';
  if (!csp.includes("default-src 'none'") && !csp.includes("default-src 'self'")) {
    throw new Error(`the page has no strict Content-Security-Policy: ${JSON.stringify(csp)}`);
  }

  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await editor.waitFor({ state: 'visible', timeout: 30_000 });
  const type = async (text, into = editor) => {
    await into.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // Typed as one input event: key by key, GraphiQL's completion would take over the keyboard.
    await page.keyboard.insertText(text);
    const typed = await into.evaluate((element) => element.CodeMirror.getValue());
    if (typed !== text) throw new Error(`the editor holds ${JSON.stringify(typed)}`);
  };
  await type(query);

  const answered = page.waitForResponse(
    (reply) => reply.request().method() === 'POST' && new URL(reply.url()).pathname === new URL(url).pathname,
  );
  await page.locator('.graphiql-execute-button').click();
  const reply = await answered;
  if (reply.status() !== 200) throw new Error(`the query was answered ${reply.status()}`);

  const result = page.locator('.graphiql-response .CodeMirror');
  await page.waitForFunction(
    (text) => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue().includes(text),
    expected,
    { timeout: 30_000 },
  );
  const shown = JSON.parse(await result.evaluate((element) => element.CodeMirror.getValue()));
  const names = shown?.data?.centers?.nodes?.map((node) => node.name) ?? [];
  if (!names.includes(expected)) throw new Error(`the result pane shows ${JSON.stringify(shown)}`);
  console.log(`the result pane shows the centers ${JSON.stringify(names)}`);

  // The schema, as the documentation explorer shows it from introspection.
  await page.getByRole('button', { name: /Documentation Explorer/ }).first().click();
  const docs = page.locator('section[aria-label="Documentation Explorer"]');
  await docs.getByRole('link', { name: 'Query', exact: true }).first().click({ timeout: 30_000 });
  await docs.getByText('centers', { exact: true }).first().waitFor({ timeout: 30_000 });
  console.log('the documentation explorer lists Query.centers');

  if (process.env.CQS_TOKEN) {
    const sockets = [];
    page.on('websocket', (socket) => {
      sockets.push(socket.url());
      if (!loopback(socket.url().replace(/^ws/, 'http'))) problems.push(`socket to another host: ${socket.url()}`);
    });
    await page.keyboard.press('Escape');
    // Signed in through the headers tab, as a person would: the socket carries its headers, so
    // the change shows the carrier's contact, which an anonymous subscriber reads as null.
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await type(
      JSON.stringify({ Authorization: `Bearer ${process.env.CQS_TOKEN}` }),
      page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror'),
    );
    await type('subscription { projectChanged { kind project { title carrier { contact { phone } } } } }');
    // GraphiQL parses the editor's text a moment after it changes, and sends a run of what it
    // parsed last over HTTP: run again until the run goes over a socket (at most 10 times).
    for (let attempt = 0; sockets.length === 0; attempt += 1) {
      if (attempt === 10) throw new Error('the subscription never opened a socket');
      const opened = page.waitForEvent('websocket', { timeout: 5_000 }).catch(() => null);
      await page.locator('.graphiql-execute-button').click();
      await opened;
    }
    const post = (body) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.CQS_TOKEN}` },
        body: JSON.stringify(body),
      }).then((reply) => reply.json());
    const listed = await post({ query: '{ projects(first: 1) { nodes { id } } }' });
    const project = listed?.data?.projects?.nodes?.[0]?.id;
    if (!project) throw new Error(`no project to retitle: ${JSON.stringify(listed)}`);
    // The socket opens with the subscription; a write made before the server has it is not
    // heard, so retitle until the pane shows a title (at most 20 times, 1.5 s each).
    let heard = null;
    for (let round = 0; round < 20 && !heard; round += 1) {
      const title = `Vu dans l'explorateur, essai ${round}`;
      const retitled = await post({
        query: 'mutation($id: ID!, $title: String!) { updateProject(input: { id: $id, title: $title }) { userErrors { code } } }',
        variables: { id: project, title },
      });
      if (retitled?.data?.updateProject?.userErrors?.length !== 0) {
        throw new Error(`the project was not retitled: ${JSON.stringify(retitled)}`);
      }
      heard = await page
        .waitForFunction(
          (text) => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue().includes(text),
          title,
          { timeout: 1_500 },
        )
        .then(() => title, () => null);
    }
    if (!heard) throw new Error(`the result pane never showed the change (sockets: ${JSON.stringify(sockets)})`);
    const change = JSON.parse(await result.evaluate((element) => element.CodeMirror.getValue()));
    if (change?.data?.projectChanged?.kind !== 'UPDATED') {
      throw new Error(`the result pane shows ${JSON.stringify(change)}`);
    }
    if (!change.data.projectChanged.project.carrier.contact?.phone) {
      throw new Error(`the subscription ran anonymous, not as the headers tab says: ${JSON.stringify(change)}`);
    }
    console.log(`the subscription heard "${heard}" over ${sockets.join(', ')}`);
  }

  if (process.env.CQS_BROWSER_SCREENSHOT) {
    await page.screenshot({ path: process.env.CQS_BROWSER_SCREENSHOT });
  }
} catch (error) {
  problems.push(`the check did not complete: ${error.message}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`the page made ${requests.length} requests:\n  ${requests.join('\n  ')}`);
for (const problem of problems) console.error(`FAIL ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);
