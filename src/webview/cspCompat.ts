// Imported FIRST by main.ts, before any library module runs: makes third-party code behave under the
// webview's strict CSP (no 'unsafe-eval', no inline styles without the page's nonce).
import { z } from 'zod';

// zod v4 probes `new Function` to speed up parsing; a strict CSP reports that even though zod catches it.
z.config({ jitless: true });

// FAST (under @vscode/webview-ui-toolkit) probes `:focus-visible` with a <style> element while its modules
// load, taking the nonce from <meta property="csp-nonce">. The host's page carries the nonce on #root
// (data-nonce) and allows styles with it, so hand it over before the toolkit loads.
const nonce = document.getElementById('root')?.dataset['nonce'];
if (nonce && !document.querySelector('meta[property="csp-nonce"]')) {
  const meta = document.createElement('meta');
  meta.setAttribute('property', 'csp-nonce');
  meta.setAttribute('content', nonce);
  document.head.appendChild(meta);
}
