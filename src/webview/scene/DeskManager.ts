// Owns every desk and its heat ring. Each part of a workstation (desk, chair, monitor, screen, figure) and
// the rings (HeatRings) are ONE InstancedMesh each for all agents: instance i of every part belongs to the
// same agent, kept dense by swap-removal, so draw calls stay flat as agents come and go. Positions come
// from SlotLayout (stable).
import {
  Color,
  DoubleSide,
  InstancedMesh,
  Matrix4,
  Mesh,
  MeshBasicMaterial,
  MeshStandardMaterial,
  RingGeometry,
  type Object3D,
  type Scene,
  type Vector3,
  SRGBColorSpace,
} from 'three';
import type { AgentStatus } from '../../shared/metrics/types';
import { createDeskGeometries, disposeDeskGeometries, type DeskGeometries } from './deskGeometry';
import { HeatRings } from './HeatRings';
import { STATUS_SCREEN_COLORS, figureColorFor, type ScenePalette } from './ScenePalette';
import { SlotLayout, type LayoutBounds } from './SlotLayout';

export interface DeskAgent {
  id: string;
  parentId: string | null;
  type: string;
  status: AgentStatus;
}

/** Selection outline just outside the heat ring (not in the bloom selection). */
const SELECTION_INNER = 1.88;
const SELECTION_OUTER = 1.98;

interface Desk {
  id: string;
  index: number;
  x: number;
  z: number;
  status: AgentStatus;
  figureColor: number;
  ring: number | null;
}

type PartName = 'desk' | 'chair' | 'monitor' | 'screen' | 'figure';
const PART_NAMES: readonly PartName[] = ['desk', 'chair', 'monitor', 'screen', 'figure'];

export class DeskManager {
  private readonly layout = new SlotLayout();
  private readonly desks: Desk[] = [];
  private readonly byId = new Map<string, Desk>();
  private readonly geometries: DeskGeometries;
  private readonly rings: HeatRings;
  private readonly materials: Record<PartName, MeshStandardMaterial | MeshBasicMaterial>;
  private meshes: Record<PartName, InstancedMesh>;
  private capacity = 0;
  /** Desks whose ring is shown (intensity not null). */
  private visibleRings = 0;
  private readonly selection: Mesh<RingGeometry, MeshBasicMaterial>;
  private selectedId: string | null = null;
  private readonly scratchMatrix = new Matrix4();
  private readonly scratchColor = new Color();

  constructor(
    private readonly scene: Scene,
    palette: ScenePalette,
    /** Told when the ring mesh is replaced, so the bloom selection can follow it. */
    private readonly onRingMeshChanged: (ring: InstancedMesh, previous: InstancedMesh | null) => void,
  ) {
    this.geometries = createDeskGeometries();
    this.rings = new HeatRings(scene, 16);
    this.materials = {
      desk: new MeshStandardMaterial({ color: palette.deskTop, roughness: 0.7 }),
      chair: new MeshStandardMaterial({ color: palette.chair, roughness: 0.8 }),
      monitor: new MeshStandardMaterial({ color: palette.monitor, roughness: 0.45, metalness: 0.2 }),
      screen: new MeshBasicMaterial({ color: 0xffffff }),
      figure: new MeshStandardMaterial({ color: 0xffffff, roughness: 0.6 }),
    };
    this.meshes = this.createMeshes(16);
    this.selection = new Mesh(
      new RingGeometry(SELECTION_INNER, SELECTION_OUTER, 64).rotateX(-Math.PI / 2),
      new MeshBasicMaterial({ color: palette.selection, transparent: true, opacity: 0.85, side: DoubleSide }),
    );
    this.selection.position.y = 0.012;
    this.selection.visible = false;
    this.selection.name = 'SelectionOutline';
    scene.add(this.selection);
  }

  /** The instanced ring mesh (replaced when the instance buffers grow: see the constructor's callback). */
  get ringMesh(): InstancedMesh {
    return this.rings.mesh;
  }

  /** Adds desks for new agents, removes those of agents that left, updates statuses. True if anything changed. */
  syncAgents(agents: readonly DeskAgent[]): boolean {
    let changed = this.layout.sync(agents);
    for (const desk of [...this.desks]) {
      if (!this.layout.placementOf(desk.id)) this.removeDesk(desk);
    }
    for (const agent of agents) {
      const placement = this.layout.placementOf(agent.id);
      if (!placement) continue;
      let desk = this.byId.get(agent.id);
      if (!desk) {
        this.ensureCapacity(this.desks.length + 1);
        desk = {
          id: agent.id,
          index: this.desks.length,
          x: placement.x,
          z: placement.z,
          status: agent.status,
          figureColor: figureColorFor(agent.parentId === null, placement.seat),
          ring: null,
        };
        this.desks.push(desk);
        this.byId.set(desk.id, desk);
        this.writeInstance(desk);
        changed = true;
      } else if (desk.status !== agent.status) {
        desk.status = agent.status;
        this.writeStatus(desk);
        changed = true;
      }
    }
    if (changed) this.afterInstancesChanged();
    return changed;
  }

  /** The seed's call: show the agent's ring at this intensity (0..1), or hide it (null). */
  setHeatmapRing(agentId: string, intensity: number | null): void {
    const desk = this.byId.get(agentId);
    if (!desk) return;
    const clamped = intensity === null ? null : Math.min(1, Math.max(0, Number.isFinite(intensity) ? intensity : 0));
    if (desk.ring === clamped) return;
    if ((desk.ring === null) !== (clamped === null)) this.visibleRings += clamped === null ? -1 : 1;
    desk.ring = clamped;
    this.writeRing(desk);
    this.rings.setVisible(this.visibleRings > 0);
  }

  ringIntensity(agentId: string): number | null {
    return this.byId.get(agentId)?.ring ?? null;
  }

  setSelected(agentId: string | null): void {
    this.selectedId = agentId !== null && this.byId.has(agentId) ? agentId : null;
    this.placeSelection();
  }

  /** Writes the desk's floor centre into `out`; false when the agent has no desk. */
  deskPosition(agentId: string, out: Vector3): boolean {
    const desk = this.byId.get(agentId);
    if (!desk) return false;
    out.set(desk.x, 0, desk.z);
    return true;
  }

  agentIds(): IterableIterator<string> {
    return this.byId.keys();
  }

  get count(): number {
    return this.desks.length;
  }

  bounds(): LayoutBounds | null {
    return this.layout.bounds();
  }

  /** Meshes a click may hit; resolve a hit with agentAt(). */
  pickTargets(): Object3D[] {
    return [this.meshes.desk, this.meshes.chair, this.meshes.monitor, this.meshes.figure];
  }

  agentAt(instanceId: number | undefined): string | null {
    if (instanceId === undefined) return null;
    return this.desks[instanceId]?.id ?? null;
  }

  applyPalette(palette: ScenePalette): void {
    (this.materials.desk as MeshStandardMaterial).color.setHex(palette.deskTop);
    (this.materials.chair as MeshStandardMaterial).color.setHex(palette.chair);
    (this.materials.monitor as MeshStandardMaterial).color.setHex(palette.monitor);
    this.selection.material.color.setHex(palette.selection);
  }

  clear(): void {
    this.layout.clear();
    this.desks.length = 0;
    this.byId.clear();
    this.visibleRings = 0;
    this.selectedId = null;
    this.afterInstancesChanged();
  }

  dispose(): void {
    for (const name of PART_NAMES) {
      this.scene.remove(this.meshes[name]);
      this.meshes[name].dispose();
      this.materials[name].dispose();
    }
    disposeDeskGeometries(this.geometries);
    this.rings.dispose();
    this.scene.remove(this.selection);
    this.selection.geometry.dispose();
    this.selection.material.dispose();
  }

  private createMeshes(capacity: number): Record<PartName, InstancedMesh> {
    this.capacity = capacity;
    const make = (name: PartName, geometry: DeskGeometries[keyof DeskGeometries]): InstancedMesh => {
      const mesh = new InstancedMesh(geometry, this.materials[name], capacity);
      mesh.name = `Desk.${name}`;
      mesh.count = 0;
      // Instances move without the cached bounding sphere knowing; culling 7 meshes gains nothing anyway.
      mesh.frustumCulled = false;
      mesh.castShadow = name !== 'screen';
      mesh.receiveShadow = name === 'desk' || name === 'chair';
      this.scene.add(mesh);
      return mesh;
    };
    const meshes: Record<PartName, InstancedMesh> = {
      desk: make('desk', this.geometries.desk),
      chair: make('chair', this.geometries.chair),
      monitor: make('monitor', this.geometries.monitor),
      screen: make('screen', this.geometries.screen),
      figure: make('figure', this.geometries.figure),
    };
    // Colours per instance: allocate the attributes up front so the shaders compile once.
    meshes.screen.setColorAt(0, this.scratchColor.setHex(0xffffff));
    meshes.figure.setColorAt(0, this.scratchColor);
    return meshes;
  }

  /** Grows every part's instance buffers (doubling), rewriting all desks into the new ones. */
  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < needed) capacity *= 2;
    for (const name of PART_NAMES) {
      this.scene.remove(this.meshes[name]);
      this.meshes[name].dispose();
    }
    const previousRing = this.rings.grow(capacity);
    this.meshes = this.createMeshes(capacity);
    for (const desk of this.desks) this.writeInstance(desk);
    this.onRingMeshChanged(this.rings.mesh, previousRing);
    this.rings.setVisible(this.visibleRings > 0);
  }

  private writeInstance(desk: Desk): void {
    const m = this.scratchMatrix.makeTranslation(desk.x, 0, desk.z);
    for (const name of ['desk', 'chair', 'monitor', 'screen'] as const) this.meshes[name].setMatrixAt(desk.index, m);
    this.writeStatus(desk);
    this.writeRing(desk);
  }

  private writeStatus(desk: Desk): void {
    const figure = this.meshes.figure;
    // A finished agent stays at its desk (its heat is still worth seeing) with its screen switched off.
    figure.setMatrixAt(desk.index, this.scratchMatrix.makeTranslation(desk.x, 0, desk.z));
    figure.setColorAt(desk.index, this.scratchColor.setHex(desk.figureColor, SRGBColorSpace));
    this.meshes.screen.setColorAt(desk.index, this.scratchColor.setHex(STATUS_SCREEN_COLORS[desk.status], SRGBColorSpace));
    markInstancesDirty(figure);
    markInstancesDirty(this.meshes.screen);
  }

  private writeRing(desk: Desk): void {
    this.rings.write(desk.index, desk.x, desk.z, desk.ring);
  }

  private removeDesk(desk: Desk): void {
    if (desk.ring !== null) this.visibleRings--;
    const last = this.desks.pop();
    this.byId.delete(desk.id);
    if (last && last !== desk) {
      last.index = desk.index;
      this.desks[desk.index] = last;
      this.writeInstance(last);
    }
    if (this.selectedId === desk.id) this.selectedId = null;
  }

  private afterInstancesChanged(): void {
    const count = this.desks.length;
    for (const name of PART_NAMES) {
      const mesh = this.meshes[name];
      mesh.count = count;
      mesh.instanceMatrix.needsUpdate = true;
      // Raycasting and frustum culling use the instances' bounding sphere, which InstancedMesh caches.
      if (count > 0) mesh.computeBoundingSphere();
    }
    this.rings.setCount(count);
    this.rings.setVisible(this.visibleRings > 0);
    this.placeSelection();
  }

  private placeSelection(): void {
    const desk = this.selectedId !== null ? this.byId.get(this.selectedId) : undefined;
    this.selection.visible = desk !== undefined;
    if (desk) this.selection.position.set(desk.x, 0.012, desk.z);
  }
}

function markInstancesDirty(mesh: InstancedMesh): void {
  mesh.instanceMatrix.needsUpdate = true;
  if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
}
