// The office webview's HTML: a strict Content Security Policy (nothing but our nonce'd script and styles
// from the extension's dist folder), one root element, the bundle. Pure, so its policy is unit-tested.
import { randomBytes } from 'node:crypto';

export interface OfficeHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  /** asWebviewUri(dist/webview/main.js) etc., as strings. */
  scriptUri: string;
  styleUri: string;
  /** asWebviewUri(dist/media): base for images the webview may load. */
  mediaUri: string;
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function officeHtml(input: OfficeHtmlInput): string {
  const nonce = input.nonce ?? newNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}" nonce="${nonce}">
<title>Heatdesk Office</title>
</head>
<body>
<div id="root" data-media-uri="${attr(input.mediaUri)}" data-nonce="${nonce}"></div>
<script nonce="${nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
