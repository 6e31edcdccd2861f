// `window.__heatdesk`: read-only helpers for render tests, e2e tests and scripts/snapshot.mjs to find desks
// and rings on screen and read pixels back without knowing the scene's internals. It changes no state
// (render() only draws the current state once more). Documented in src/webview/README.md.
import { Vector3 } from 'three';
import { computeHeatmap, selectAgents } from '../shared/metrics';
import type { App, RenderStats } from './scene/App';
import { RING_PROBE_RADIUS, RING_Y } from './scene/HeatRings';
import type { OfficeStore } from './store/officeStore';

export interface ScreenPoint {
  /** CSS pixels in the page's viewport (what Playwright's mouse and clip use). */
  x: number;
  y: number;
}

export interface HeatdeskTestHook {
  /** True when the 3D scene runs (false: WebGL unavailable, the notice is shown instead). */
  readonly scene: boolean;
  /** Forces a synchronous frame of the current state; returns renderer.info figures of that frame. */
  render(): RenderStats | null;
  /** Figures of the last frame drawn. */
  info(): RenderStats | null;
  /** The desk's floor centre on screen. */
  deskScreenPosition(agentId: string): ScreenPoint | null;
  /** The point of the agent's ring band (radius 1.55 from the desk centre) on the side facing the camera. */
  ringProbe(agentId: string): ScreenPoint | null;
  /** Canvas colour [r, g, b] at a viewport point, averaged over 3×3 device pixels (labels/HUD not included). */
  pixelAt(x: number, y: number): [number, number, number] | null;
  /**
   * Agents as the scene shows them: `intensity` is the model's heat (0..1, whether or not the heatmap is on);
   * `ring` is the intensity of the ring actually drawn, null when none is.
   */
  agents(): Array<{ id: string; type: string; status: string; intensity: number; ring: number | null }>;
  heatmapEnabled(): boolean;
}

declare global {
  interface Window {
    __heatdesk?: HeatdeskTestHook;
  }
}

export function installTestHook(store: OfficeStore, app: App | null): void {
  const p = new Vector3();
  const toScreen = (v: Vector3): ScreenPoint | null => {
    if (!app) return null;
    v.project(app.rig.camera);
    if (v.z > 1) return null;
    const rect = app.renderer.domElement.getBoundingClientRect();
    return { x: rect.left + (v.x * 0.5 + 0.5) * rect.width, y: rect.top + (-v.y * 0.5 + 0.5) * rect.height };
  };
  const hook: HeatdeskTestHook = {
    scene: app !== null,
    render: () => (app ? { ...app.renderNow() } : null),
    info: () => (app ? { ...app.lastStats } : null),
    deskScreenPosition(agentId) {
      if (!app || !app.desks.deskPosition(agentId, p)) return null;
      return toScreen(p);
    },
    ringProbe(agentId) {
      if (!app || !app.desks.deskPosition(agentId, p)) return null;
      const cam = app.rig.camera.position;
      const dx = cam.x - p.x;
      const dz = cam.z - p.z;
      const len = Math.hypot(dx, dz) || 1;
      p.set(p.x + (dx / len) * RING_PROBE_RADIUS, RING_Y, p.z + (dz / len) * RING_PROBE_RADIUS);
      return toScreen(p);
    },
    pixelAt(x, y) {
      if (!app) return null;
      const canvas = app.renderer.domElement;
      const rect = canvas.getBoundingClientRect();
      const sx = canvas.width / rect.width;
      const sy = canvas.height / rect.height;
      const px = Math.round((x - rect.left) * sx);
      const py = Math.round(canvas.height - (y - rect.top) * sy);
      if (px < 1 || py < 1 || px >= canvas.width - 1 || py >= canvas.height - 1) return null;
      const gl = app.renderer.getContext();
      const buf = new Uint8Array(9 * 4);
      app.renderer.setRenderTarget(null);
      gl.readPixels(px - 1, py - 1, 3, 3, gl.RGBA, gl.UNSIGNED_BYTE, buf);
      const sum = [0, 0, 0];
      for (let i = 0; i < 9; i++) for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + (buf[i * 4 + c] ?? 0);
      return [Math.round((sum[0] ?? 0) / 9), Math.round((sum[1] ?? 0) / 9), Math.round((sum[2] ?? 0) / 9)];
    },
    agents() {
      const metrics = store.getState().metrics;
      const heat = new Map(computeHeatmap(metrics).map((e) => [e.agentId, e.intensity]));
      return selectAgents(metrics).map((a) => ({
        id: a.id,
        type: a.type,
        status: a.status,
        intensity: heat.get(a.id) ?? 0,
        ring: app ? app.desks.ringIntensity(a.id) : null,
      }));
    },
    heatmapEnabled: () => store.getState().heatmapEnabled,
  };
  Object.defineProperty(window, '__heatdesk', { value: Object.freeze(hook), configurable: true });
}
