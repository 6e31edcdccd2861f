// The workstation, built from primitives and merged per material: one geometry for all desks, one for all
// chairs, and so on. Each becomes one InstancedMesh, so the draw-call count does not grow with the agents.
// Local frame: desk centred on the origin, its user sitting on the +z side (towards the default camera) and
// looking at the monitor on the −z side, so the viewer looks over the agents' shoulders at their screens.
import { BoxGeometry, CapsuleGeometry, CylinderGeometry, PlaneGeometry, SphereGeometry, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';

export interface DeskGeometries {
  desk: BufferGeometry;
  chair: BufferGeometry;
  monitor: BufferGeometry;
  screen: BufferGeometry;
  figure: BufferGeometry;
}

/** Height of the label anchor above the floor: just over the monitor. */
export const LABEL_HEIGHT = 1.95;

function placed(g: BufferGeometry, x: number, y: number, z: number): BufferGeometry {
  g.translate(x, y, z);
  return g;
}

function merge(parts: BufferGeometry[]): BufferGeometry {
  const merged = mergeGeometries(parts, false);
  for (const p of parts) p.dispose();
  if (!merged) throw new Error('desk parts could not be merged (mismatched attributes)');
  return merged;
}

export function createDeskGeometries(): DeskGeometries {
  const desk = merge([
    placed(new BoxGeometry(1.7, 0.06, 0.85), 0, 0.74, 0),
    placed(new BoxGeometry(0.05, 0.71, 0.05), -0.8, 0.355, -0.37),
    placed(new BoxGeometry(0.05, 0.71, 0.05), -0.8, 0.355, 0.37),
    // A drawer pedestal on the right instead of two legs.
    placed(new BoxGeometry(0.42, 0.6, 0.75), 0.6, 0.3, 0),
  ]);

  const chair = merge([
    placed(new BoxGeometry(0.5, 0.07, 0.48), 0, 0.47, 0.82),
    placed(new BoxGeometry(0.5, 0.42, 0.06), 0, 0.74, 1.06),
    placed(new CylinderGeometry(0.035, 0.035, 0.42, 6), 0, 0.23, 0.82),
    placed(new CylinderGeometry(0.26, 0.26, 0.035, 14), 0, 0.02, 0.82),
  ]);

  const monitor = merge([
    placed(new BoxGeometry(0.3, 0.02, 0.2), 0, 0.78, -0.24),
    placed(new BoxGeometry(0.07, 0.3, 0.05), 0, 0.93, -0.26),
    placed(new BoxGeometry(0.92, 0.56, 0.05), 0, 1.27, -0.24),
  ]);

  const screen = placed(new PlaneGeometry(0.84, 0.48), 0, 1.27, -0.213);

  const leftArm = new CapsuleGeometry(0.055, 0.3, 2, 6);
  leftArm.rotateX(Math.PI / 2);
  const rightArm = leftArm.clone();
  const figure = merge([
    placed(new CapsuleGeometry(0.19, 0.36, 4, 14), 0, 0.86, 0.8),
    placed(new SphereGeometry(0.155, 16, 10), 0, 1.36, 0.78),
    placed(leftArm, -0.23, 0.86, 0.56),
    placed(rightArm, 0.23, 0.86, 0.56),
  ]);

  return { desk, chair, monitor, screen, figure };
}

export function disposeDeskGeometries(g: DeskGeometries): void {
  g.desk.dispose();
  g.chair.dispose();
  g.monitor.dispose();
  g.screen.dispose();
  g.figure.dispose();
}
