// Store → scene, the seed's SceneBridge: when the model's version moves it syncs desks, labels and the
// heatmap (selectHeatmapData → DeskManager.setHeatmapRing for every desk); when the selection moves it
// moves the outline. The scene never reads the model any other way.
import { selectAgents, selectHeatmapData, type AgentInfo, type MetricsState } from '../../shared/metrics';
import type { OfficeState, OfficeStore } from '../store/officeStore';
import type { App } from './App';
import type { DeskAgent } from './DeskManager';
import type { DeskLabel } from './LabelLayer';

export class SceneBridge {
  private lastVersion = -1;
  private lastSelected: string | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    store: OfficeStore,
    private readonly app: App,
  ) {
    this.unsubscribe = store.subscribe((state) => this.sync(state));
    this.sync(store.getState());
  }

  /** The seed's syncHeatmap: every desk gets its ring at the agent's intensity, or none when the heatmap is off. */
  syncHeatmap(metrics: MetricsState): void {
    const desks = this.app.desks;
    const entries = selectHeatmapData(metrics, desks.agentIds());
    const shown = new Set<string>();
    for (const entry of entries) {
      desks.setHeatmapRing(entry.agentId, entry.intensity);
      shown.add(entry.agentId);
    }
    for (const id of desks.agentIds()) if (!shown.has(id)) desks.setHeatmapRing(id, null);
  }

  dispose(): void {
    this.unsubscribe();
  }

  private sync(state: OfficeState): void {
    let dirty = false;
    if (state.version !== this.lastVersion) {
      this.lastVersion = state.version;
      const agents = selectAgents(state.metrics);
      if (this.app.desks.syncAgents(agents.map(toDeskAgent))) this.app.layoutChanged();
      this.app.labels.sync(agents.map(toLabel));
      this.syncHeatmap(state.metrics);
      dirty = true;
    }
    if (state.selectedAgentId !== this.lastSelected || dirty) {
      this.lastSelected = state.selectedAgentId;
      this.app.desks.setSelected(state.selectedAgentId);
      this.app.labels.setSelected(state.selectedAgentId);
      dirty = true;
    }
    if (dirty) this.app.requestRender();
  }
}

function toDeskAgent(a: AgentInfo): DeskAgent {
  return { id: a.id, parentId: a.parentId, type: a.type, status: a.status };
}

export function agentDisplayName(a: Pick<AgentInfo, 'type' | 'parentId'>): string {
  return a.parentId === null && a.type === 'main' ? 'main agent' : a.type;
}

export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 6) : id;
}

export function statusText(a: Pick<AgentInfo, 'status' | 'currentTool'>): string {
  switch (a.status) {
    case 'working':
      return 'working';
    case 'tool':
      return a.currentTool ? `running ${a.currentTool}` : 'running a tool';
    case 'waiting':
      return 'waiting for you';
    case 'failed':
      return 'tool failed';
    case 'done':
      return 'done';
    case 'idle':
      return 'idle';
    default: {
      const never: never = a.status;
      return never;
    }
  }
}

function toLabel(a: AgentInfo): DeskLabel {
  return {
    id: a.id,
    name: agentDisplayName(a),
    detail: `${shortId(a.id)} · ${statusText(a)}`,
    status: a.status,
    isMain: a.parentId === null,
  };
}
