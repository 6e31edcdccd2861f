// The webview side of VS Code's postMessage channel, typed with the shared protocol. `acquireVsCodeApi`
// may be called once per page; tests and snapshot.mjs provide a stand-in with the same shape.
import type { WebviewToHost } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel {
  post(message: WebviewToHost): void;
  /** VS Code keeps this across the page being destroyed and re-created while the view is hidden. */
  getState(): unknown;
  setState(state: unknown): void;
}

export function connectToHost(): HostChannel {
  const api: VsCodeApi | null = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  return {
    post(message) {
      if (api) api.postMessage(message);
    },
    getState() {
      return api ? api.getState() : undefined;
    },
    setState(state) {
      if (api) api.setState(state);
    },
  };
}
