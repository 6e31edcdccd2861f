// Desk labels as DOM text over the canvas: crisp at any pixel ratio, themed by VS Code's CSS variables, read
// by screen readers, and clickable (each is a button that selects its agent). Text from events is only ever
// assigned through textContent, so an agent type like `<img src=x onerror=…>` shows as those characters.
import { Vector3, type Camera } from 'three';
import type { AgentStatus } from '../../shared/metrics';

export interface DeskLabel {
  id: string;
  name: string;
  detail: string;
  status: AgentStatus;
  isMain: boolean;
}

/**
 * How much a label says, by the on-screen distance between neighbouring desks: full (name and detail),
 * compact (name only) or sparse (only main agents, the selected agent and the hovered one), so a zoomed-out
 * office of 200 desks is not a wall of overlapping text. Hovering a desk's label area still shows it.
 */
export type LabelDensity = 'full' | 'compact' | 'sparse';
const FULL_PITCH_PX = 180;
const COMPACT_PITCH_PX = 95;

export function labelDensity(deskPitchPx: number): LabelDensity {
  return deskPitchPx >= FULL_PITCH_PX ? 'full' : deskPitchPx >= COMPACT_PITCH_PX ? 'compact' : 'sparse';
}

interface LabelView {
  root: HTMLButtonElement;
  name: HTMLSpanElement;
  detail: HTMLSpanElement;
  status: AgentStatus | null;
  x: number;
  y: number;
  shown: boolean;
}

export class LabelLayer {
  readonly element: HTMLDivElement;
  private readonly views = new Map<string, LabelView>();
  private readonly point = new Vector3();
  private selectedId: string | null = null;
  private hoveredId: string | null = null;
  private density: LabelDensity = 'full';

  constructor(
    parent: HTMLElement,
    private readonly onSelect: (agentId: string) => void,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'desk-labels density-full';
    parent.appendChild(this.element);
  }

  sync(labels: readonly DeskLabel[]): void {
    const seen = new Set<string>();
    for (const label of labels) {
      seen.add(label.id);
      let view = this.views.get(label.id);
      if (!view) {
        view = this.create(label.id);
        this.views.set(label.id, view);
      }
      if (view.name.textContent !== label.name) view.name.textContent = label.name;
      if (view.detail.textContent !== label.detail) view.detail.textContent = label.detail;
      if (view.status !== label.status) {
        if (view.status) view.root.classList.remove(`status-${view.status}`);
        view.root.classList.add(`status-${label.status}`);
        view.status = label.status;
      }
      view.root.classList.toggle('main', label.isMain);
      view.root.setAttribute('aria-label', `${label.name}, ${label.detail}`);
    }
    for (const [id, view] of this.views) {
      if (!seen.has(id)) {
        view.root.remove();
        this.views.delete(id);
      }
    }
  }

  setHovered(agentId: string | null): void {
    if (this.hoveredId !== null) this.views.get(this.hoveredId)?.root.classList.remove('hovered');
    this.hoveredId = agentId;
    if (agentId !== null) this.views.get(agentId)?.root.classList.add('hovered');
  }

  setSelected(agentId: string | null): void {
    if (this.selectedId !== null) this.views.get(this.selectedId)?.root.classList.remove('selected');
    this.selectedId = agentId;
    if (agentId !== null) this.views.get(agentId)?.root.classList.add('selected');
  }

  /** Moves labels to their anchors' screen positions. Touches the DOM only for labels that moved. */
  update(camera: Camera, width: number, height: number, deskPitchPx: number, anchorOf: (id: string, out: Vector3) => boolean): void {
    const density = labelDensity(deskPitchPx);
    if (density !== this.density) {
      this.element.classList.remove(`density-${this.density}`);
      this.element.classList.add(`density-${density}`);
      this.density = density;
    }
    for (const [id, view] of this.views) {
      const visible = anchorOf(id, this.point);
      let shown = false;
      if (visible) {
        this.point.project(camera);
        shown = this.point.z < 1 && Math.abs(this.point.x) < 1.2 && Math.abs(this.point.y) < 1.2;
      }
      if (shown !== view.shown) {
        view.root.hidden = !shown;
        view.shown = shown;
      }
      if (!shown) continue;
      const x = Math.round((this.point.x * 0.5 + 0.5) * width);
      const y = Math.round((-this.point.y * 0.5 + 0.5) * height);
      if (x !== view.x || y !== view.y) {
        view.x = x;
        view.y = y;
        view.root.style.transform = `translate(${x}px, ${y}px) translate(-50%, -100%)`;
        // Nearer desks (lower on screen) draw their labels over farther ones.
        view.root.style.zIndex = String(y);
      }
    }
  }

  clear(): void {
    this.sync([]);
  }

  dispose(): void {
    this.clear();
    this.element.remove();
  }

  private create(id: string): LabelView {
    const root = document.createElement('button');
    root.type = 'button';
    root.className = 'desk-label';
    root.dataset['agentId'] = id;
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.setAttribute('aria-hidden', 'true');
    const name = document.createElement('span');
    name.className = 'name';
    const detail = document.createElement('span');
    detail.className = 'detail';
    root.append(dot, name, detail);
    root.addEventListener('click', () => this.onSelect(id));
    this.element.appendChild(root);
    return { root, name, detail, status: null, x: NaN, y: NaN, shown: true };
  }
}
