// What the user did in the view that the host does not know: which agent is selected and where the camera
// is. Without retainContextWhenHidden VS Code destroys the page when the view is hidden; this is kept in
// the webview state (vscode.setState) and put back once the next snapshot has rebuilt the office.
import type { CameraPose } from './scene/CameraRig';
import type { OfficeStore } from './store/officeStore';
import type { HostChannel } from './vscodeApi';

interface Saved {
  selectedAgentId: string | null;
  camera: CameraPose | null;
}

function isVec3(v: unknown): v is [number, number, number] {
  return Array.isArray(v) && v.length === 3 && v.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** The saved state is `unknown` like anything else that crosses a boundary. */
function parseSaved(v: unknown): Saved | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const selected = typeof o['selectedAgentId'] === 'string' ? o['selectedAgentId'] : null;
  const cam = o['camera'] as Record<string, unknown> | null | undefined;
  const camera = cam && isVec3(cam['position']) && isVec3(cam['target']) ? { position: cam['position'], target: cam['target'] } : null;
  return { selectedAgentId: selected, camera };
}

export class ViewState {
  private pending: Saved | null;
  private readonly unsubscribe: () => void;
  private lastSelected: string | null = null;

  constructor(
    private readonly host: HostChannel,
    private readonly store: OfficeStore,
    private readonly camera: { pose(): CameraPose | null; restore(pose: CameraPose): void } | null,
  ) {
    this.pending = parseSaved(host.getState());
    this.unsubscribe = store.subscribe((s) => {
      if (this.pending && s.loaded) this.restore(this.pending);
      if (s.selectedAgentId !== this.lastSelected) {
        this.lastSelected = s.selectedAgentId;
        this.save();
      }
    });
  }

  /** Saves the current selection and camera (called when either settles). */
  save(): void {
    if (this.pending) return; // not restored yet: keep what the previous page left
    this.host.setState({ selectedAgentId: this.store.getState().selectedAgentId, camera: this.camera?.pose() ?? null });
  }

  dispose(): void {
    this.unsubscribe();
  }

  private restore(saved: Saved): void {
    this.pending = null;
    if (saved.camera) this.camera?.restore(saved.camera);
    if (saved.selectedAgentId !== null) this.store.getState().select(saved.selectedAgentId);
    this.save();
  }
}
