// The office webview's page: a strict Content Security Policy that lets only our nonce'd bundle run and only
// the extension's own files load, and the root element the webview bundle mounts into.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, officeHtml } from '../../src/extension/webview/officeHtml';

const input = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.css',
  mediaUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/media',
  nonce: 'n0nce',
};

test('the CSP allows nothing by default, scripts only by nonce, styles and images only from the extension', () => {
  assert.equal(
    contentSecurityPolicy(input.cspSource, 'n0nce'),
    "default-src 'none'; script-src 'nonce-n0nce'; style-src https://file+.vscode-resource.vscode-cdn.net 'nonce-n0nce'; img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net",
  );
});

test('the page loads main.js and main.css with the nonce into #root and has no inline script', () => {
  const html = officeHtml(input);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-n0nce';/);
  assert.match(html, /<script nonce="n0nce" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/main\.js"><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="[^"]+\/dist\/webview\/main\.css" nonce="n0nce">/);
  assert.match(html, /<div id="root" data-media-uri="[^"]+\/dist\/media" data-nonce="n0nce"><\/div>/);
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script element, the bundle');
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
});

test('every page gets a fresh nonce', () => {
  const { nonce: _omit, ...noNonce } = input;
  const a = /nonce-([A-Za-z0-9_-]+)/.exec(officeHtml(noNonce))?.[1];
  const b = /nonce-([A-Za-z0-9_-]+)/.exec(officeHtml(noNonce))?.[1];
  assert.ok(a && b && a.length >= 20);
  assert.notEqual(a, b);
});

test('URIs are attribute-escaped', () => {
  const html = officeHtml({ ...input, scriptUri: 'https://x/"><script>alert(1)</script>' });
  assert.equal((html.match(/<script/g) ?? []).length, 1);
});
