// Drives the BUILT webview (dist/webview/main.js + main.css) in headless Debian Chromium, the way VS Code
// hosts it: a page with <div id="root">, a strict nonce CSP, VS Code-like theme variables and a stand-in
// `acquireVsCodeApi` that records what the webview posts. Shared by the render tests and scripts/snapshot.mjs.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';

export const REPO = resolve(new URL('../..', import.meta.url).pathname);
export const DIST_WEBVIEW = join(REPO, 'dist', 'webview');
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json', '.png': 'image/png' };

/** A few of the variables VS Code puts on the webview's <html>, per theme, so the HUD looks as it will there. */
const THEME_VARS = {
  dark: `--vscode-font-family: system-ui, "Segoe UI", Ubuntu, sans-serif; --vscode-font-size: 13px;
    --vscode-foreground: #cccccc; --vscode-editor-background: #1f1f1f; --vscode-sideBar-background: #181818;
    --vscode-editorWidget-background: #202020; --vscode-widget-border: #313131; --vscode-focusBorder: #0078d4;
    --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #026ec1;
    --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
    --vscode-button-secondaryHoverBackground: #3c3c3c; --vscode-button-border: #ffffff12;
    --vscode-errorForeground: #f85149; --vscode-progressBar-background: #0078d4; --vscode-widget-shadow: #0000005c;`,
  light: `--vscode-font-family: system-ui, "Segoe UI", Ubuntu, sans-serif; --vscode-font-size: 13px;
    --vscode-foreground: #3b3b3b; --vscode-editor-background: #ffffff; --vscode-sideBar-background: #f8f8f8;
    --vscode-editorWidget-background: #f8f8f8; --vscode-widget-border: #e5e5e5; --vscode-focusBorder: #005fb8;
    --vscode-button-background: #005fb8; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #0258a8;
    --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #3b3b3b;
    --vscode-button-secondaryHoverBackground: #cccccc; --vscode-button-border: #0000001a;
    --vscode-errorForeground: #f85149; --vscode-progressBar-background: #005fb8; --vscode-widget-shadow: #00000029;`,
};

function harnessHtml(origin, theme, stubWebGL) {
  const nonce = 'heatdeskTestNonce0123456789';
  const csp = [
    "default-src 'none'",
    `img-src ${origin} data:`,
    `style-src ${origin} 'nonce-${nonce}'`,
    `font-src ${origin}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const stub = stubWebGL
    ? `const get = HTMLCanvasElement.prototype.getContext;
       HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
         return /webgl/i.test(String(kind)) ? null : get.call(this, kind, ...rest);
       };`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/__theme-${theme}.css">
<link rel="stylesheet" href="/dist/webview/main.css">
<title>Heatdesk</title></head>
<body class="vscode-${theme}"><div id="root" data-nonce="${nonce}"></div>
<script nonce="${nonce}">
  ${stub}
  window.__posted = [];
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  // Like VS Code's, the webview state outlives the page (here: a reload of the same tab).
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => JSON.parse(sessionStorage.getItem('vscodeState') ?? 'null') ?? undefined,
    setState: (s) => sessionStorage.setItem('vscodeState', JSON.stringify(s)),
  });
</script>
<script nonce="${nonce}" src="/dist/webview/main.js"></script>
</body></html>`;
}

/** Serves dist/webview and generated harness pages on 127.0.0.1 at a free port. */
export async function startHarnessServer() {
  if (!existsSync(join(DIST_WEBVIEW, 'main.js'))) {
    throw new Error(`${join(DIST_WEBVIEW, 'main.js')} is missing: run \`npm run build\` first`);
  }
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const page = /^\/office-(dark|light)(-nowebgl)?\.html$/.exec(url.pathname);
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(harnessHtml(origin, page[1], Boolean(page[2])));
      return;
    }
    const theme = /^\/__theme-(dark|light)\.css$/.exec(url.pathname);
    if (theme) {
      res.writeHead(200, { 'content-type': 'text/css' }).end(`html { ${THEME_VARS[theme[1]]} }`);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = normalize(join(REPO, decodeURIComponent(url.pathname)));
    if (!file.startsWith(DIST_WEBVIEW + '/') || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { origin, close: () => new Promise((ok) => server.close(() => ok())) };
}

/**
 * The harness server, a browser and one office page, as a render test file shares them: loading the webview
 * and compiling its shaders is the slow part, so a file opens them once and each test sends its own snapshot.
 */
export async function openSharedOffice() {
  const server = await startHarnessServer();
  const browser = await launchChromium();
  const office = await openOffice(browser, server.origin);
  return { server, browser, office };
}

/** Closes what openSharedOffice opened, in reverse order; any part may be missing if opening failed. */
export async function closeSharedOffice({ server, browser, office }) {
  await office?.close();
  await browser?.close();
  await server?.close();
}

export async function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * Opens the office in a new page and waits until the webview said `ready`.
 * options: { theme: 'dark'|'light', width, height, noWebGL, deviceScaleFactor }
 */
export async function openOffice(browser, origin, options = {}) {
  const { theme = 'dark', width = 640, height = 400, noWebGL = false, deviceScaleFactor = 1 } = options;
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${origin}/office-${theme}${noWebGL ? '-nowebgl' : ''}.html`);
  await page.waitForFunction(() => window.__heatdesk !== undefined && window.__posted.some((m) => m.type === 'ready'));
  return {
    page,
    errors,
    /**
     * Sends a host→webview message the way VS Code delivers it (a window message event) and resolves once
     * the webview handled it: a MessageChannel message posted after it is delivered after it (both are
     * "posted message" tasks, which run in order).
     */
    post: (message) =>
      page.evaluate(
        (m) =>
          new Promise((done) => {
            window.postMessage(m, '*');
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              channel.port1.close();
              done();
            };
            channel.port2.postMessage(0);
          }),
        message,
      ),
    posted: () => page.evaluate(() => window.__posted),
    /** Destroys and re-creates the page, as VS Code does when a view without retained context is shown again. */
    reload: async () => {
      await page.reload();
      await page.waitForFunction(() => window.__heatdesk !== undefined && window.__posted.some((m) => m.type === 'ready'));
    },
    /** Renders the current state once more; returns that frame's renderer.info figures. */
    render: () => page.evaluate(() => window.__heatdesk.render()),
    close: () => context.close(),
  };
}

/** The snapshot message the host sends after `ready`. */
export function snapshotMessage(events, heatmapEnabled) {
  return { type: 'snapshot', events, heatmapEnabled, settings: { staleAgentTimeoutMs: 0, contextWindows: {} } };
}

/** Reads the ring-probe pixel of every agent: [{ id, type, ring, probe: {x,y}|null, color: [r,g,b]|null }]. */
export async function readRings(page) {
  return page.evaluate(() => {
    const hd = window.__heatdesk;
    hd.render();
    return hd.agents().map((a) => {
      const probe = hd.ringProbe(a.id);
      return { ...a, probe, color: probe ? hd.pixelAt(probe.x, probe.y) : null };
    });
  });
}
