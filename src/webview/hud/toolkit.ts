// The only part of @vscode/webview-ui-toolkit Heatdesk uses: `vscode-button`. The toolkit is deprecated
// upstream (maintenance only), so it is kept to this one registration; if it cannot register (the custom
// element is taken, or the toolkit fails in this host), the HUD falls back to a native button styled with
// the same VS Code CSS variables. (cspCompat.ts gives FAST the page's style nonce before this loads.)
import { provideVSCodeDesignSystem, vsCodeButton } from '@vscode/webview-ui-toolkit';

let registered: boolean | null = null;

export function registerToolkitButton(): boolean {
  if (registered !== null) return registered;
  try {
    if (!customElements.get('vscode-button')) provideVSCodeDesignSystem().register(vsCodeButton());
    registered = customElements.get('vscode-button') !== undefined;
  } catch {
    registered = false;
  }
  return registered;
}

