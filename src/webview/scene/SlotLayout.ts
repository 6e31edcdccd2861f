// Stable desk positions. The office is a grid of pods (POD_COLUMNS × POD_ROWS desks); a session's main agent
// takes the first desk of a fresh pod and its subagents fill the rest of that pod, so a family sits together.
// A desk never moves while its agent exists: positions depend only on the order agents arrived, and a freed
// desk is reused by the next newcomer of the same family (or its pod by a new family once empty).
// Pure logic (no three.js) so it is tested in plain Node.

export interface LayoutAgent {
  id: string;
  parentId: string | null;
}

export interface DeskPlacement {
  x: number;
  z: number;
  pod: number;
  seat: number;
}

export interface LayoutBounds {
  minX: number;
  maxX: number;
  minZ: number;
  maxZ: number;
}

export const POD_COLUMNS = 4;
export const POD_ROWS = 2;
export const PODS_PER_ROW = 3;
/** Desk pitch: the heat ring's outer radius is 1.8, so 4.2 leaves a walkway between neighbouring rings. */
export const DESK_SPACING_X = 4.2;
export const DESK_SPACING_Z = 4.8;
export const POD_GAP = 2.4;
const SEATS = POD_COLUMNS * POD_ROWS;

interface Pod {
  family: string;
  seats: Array<string | null>;
}

export class SlotLayout {
  private readonly pods: Array<Pod | null> = [];
  private readonly placements = new Map<string, DeskPlacement>();
  /** The pod whose first seat belongs to the family's main agent. */
  private readonly homePod = new Map<string, number>();

  /** Places newcomers and frees the desks of agents no longer listed. Returns true when anything changed. */
  sync(agents: readonly LayoutAgent[]): boolean {
    let changed = false;
    const listed = new Map<string, LayoutAgent>();
    for (const a of agents) listed.set(a.id, a);

    for (const id of [...this.placements.keys()]) {
      if (!listed.has(id)) {
        this.release(id);
        changed = true;
      }
    }
    // Roots first, so a main agent that arrives in the same batch as its subagents still gets seat 0.
    for (const pass of [true, false]) {
      for (const a of agents) {
        if (this.placements.has(a.id)) continue;
        const family = familyRoot(a, listed);
        if ((family === a.id) !== pass) continue;
        this.place(a.id, family);
        changed = true;
      }
    }
    return changed;
  }

  placementOf(id: string): DeskPlacement | undefined {
    return this.placements.get(id);
  }

  get size(): number {
    return this.placements.size;
  }

  /** Extent of the desks' centres, or null when the office is empty. */
  bounds(): LayoutBounds | null {
    if (this.placements.size === 0) return null;
    let minX = Infinity;
    let maxX = -Infinity;
    let minZ = Infinity;
    let maxZ = -Infinity;
    for (const p of this.placements.values()) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minZ = Math.min(minZ, p.z);
      maxZ = Math.max(maxZ, p.z);
    }
    return { minX, maxX, minZ, maxZ };
  }

  clear(): void {
    this.pods.length = 0;
    this.placements.clear();
    this.homePod.clear();
  }

  private place(id: string, family: string): void {
    const home = this.homePod.get(family);
    if (family === id) {
      if (home !== undefined && this.pods[home]?.seats[0] === null) return this.seat(id, home, 0);
    } else {
      for (let p = 0; p < this.pods.length; p++) {
        const pod = this.pods[p];
        if (!pod || pod.family !== family) continue;
        // Seat 0 of the family's home pod is kept for its main agent, which may arrive later or come back.
        for (let s = p === home ? 1 : 0; s < SEATS; s++) {
          if (pod.seats[s] === null) return this.seat(id, p, s);
        }
      }
    }
    let free = this.pods.findIndex((p) => p === null);
    if (free < 0) free = this.pods.length;
    this.pods[free] = { family, seats: new Array<string | null>(SEATS).fill(null) };
    if (home === undefined) this.homePod.set(family, free);
    this.seat(id, free, this.homePod.get(family) === free ? (family === id ? 0 : 1) : 0);
  }

  private seat(id: string, pod: number, seat: number): void {
    const p = this.pods[pod];
    if (!p) return;
    p.seats[seat] = id;
    this.placements.set(id, { ...seatPosition(pod, seat), pod, seat });
  }

  private release(id: string): void {
    const placement = this.placements.get(id);
    this.placements.delete(id);
    if (!placement) return;
    const pod = this.pods[placement.pod];
    if (!pod) return;
    pod.seats[placement.seat] = null;
    if (pod.seats.every((s) => s === null)) {
      this.pods[placement.pod] = null;
      if (this.homePod.get(pod.family) === placement.pod) this.homePod.delete(pod.family);
    }
  }
}

/** World position of a seat. Pod rows run away from the camera (towards −z). */
export function seatPosition(pod: number, seat: number): { x: number; z: number } {
  const podX = pod % PODS_PER_ROW;
  const podZ = Math.floor(pod / PODS_PER_ROW);
  const col = seat % POD_COLUMNS;
  const row = Math.floor(seat / POD_COLUMNS);
  return {
    x: podX * (POD_COLUMNS * DESK_SPACING_X + POD_GAP) + col * DESK_SPACING_X,
    z: -(podZ * (POD_ROWS * DESK_SPACING_Z + POD_GAP) + row * DESK_SPACING_Z),
  };
}

/** The topmost listed ancestor: subagents of subagents still sit with the session's main agent. */
function familyRoot(agent: LayoutAgent, listed: ReadonlyMap<string, LayoutAgent>): string {
  let current = agent;
  for (let guard = 0; guard < 64 && current.parentId !== null; guard++) {
    const parent = listed.get(current.parentId);
    if (!parent) break;
    current = parent;
  }
  return current.id;
}
