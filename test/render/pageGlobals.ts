// What page.evaluate callbacks see inside the webview page, typed for the Node-side compiler (which has no
// DOM lib). Use as `(globalThis as unknown as PageGlobals)` inside a callback: the cast is erased, so the
// callback stays self-contained when Playwright serialises it.
export interface PagePoint {
  x: number;
  y: number;
}

export interface PageGlobals {
  innerWidth: number;
  innerHeight: number;
  __pwned?: number;
  /** The harness keeps the stand-in acquireVsCodeApi's state here (it survives a reload). */
  sessionStorage: { getItem(key: string): string | null };
  __heatdesk?: {
    scene: boolean;
    render(): unknown;
    deskScreenPosition(id: string): PagePoint | null;
    ringProbe(id: string): PagePoint | null;
    pixelAt(x: number, y: number): [number, number, number] | null;
    agents(): Array<{ id: string; type: string; status: string; intensity: number; ring: number | null }>;
    heatmapEnabled(): boolean;
  };
  document: {
    querySelectorAll(selector: string): { length: number };
    querySelector(selector: string): { width: number; height: number; clientWidth: number } | null;
    body: { classList: { replace(a: string, b: string): boolean } };
  };
}
