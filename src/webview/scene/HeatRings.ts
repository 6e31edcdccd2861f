// The seed's heat rings, one InstancedMesh for every desk: instance i is the ring of DeskManager's desk i.
// THREE.RingGeometry(1.3, 1.8) laid flat at y = 0.02; colour heatColor(intensity); emissive intensity
// heatEmissiveIntensity(intensity) = 0.3 + 0.7·intensity, per instance (see HeatRingMaterial).
import { Color, InstancedMesh, Matrix4, RingGeometry, SRGBColorSpace, type MeshStandardMaterial, type Scene } from 'three';
import { heatColor, heatEmissiveIntensity } from '../../shared/metrics';
import { EMISSIVE_ATTRIBUTE, createEmissiveAttribute, createHeatRingMaterial } from './HeatRingMaterial';

export const RING_INNER = 1.3;
export const RING_OUTER = 1.8;
/** Just above the floor: no z-fighting with it. */
export const RING_Y = 0.02;
/** Where the ring band is sampled by tests and snapshot.mjs: the middle of the band. */
export const RING_PROBE_RADIUS = 1.55;

const HIDDEN = new Matrix4().makeScale(0, 0, 0);

export class HeatRings {
  private geometry: RingGeometry;
  private readonly material: MeshStandardMaterial = createHeatRingMaterial();
  private ringMesh: InstancedMesh;
  private readonly matrix = new Matrix4();
  private readonly color = new Color();

  constructor(
    private readonly scene: Scene,
    capacity: number,
  ) {
    this.geometry = createRingGeometry(capacity);
    this.ringMesh = this.createMesh(capacity);
  }

  get mesh(): InstancedMesh {
    return this.ringMesh;
  }

  /** New buffers for more desks; returns the replaced mesh (the caller rewrites every ring). */
  grow(capacity: number): InstancedMesh {
    const previous = this.ringMesh;
    this.scene.remove(previous);
    previous.dispose();
    this.geometry.dispose();
    this.geometry = createRingGeometry(capacity);
    this.ringMesh = this.createMesh(capacity);
    return previous;
  }

  /** Draws desk `index`'s ring at (x, z) for this intensity (0..1), or hides it (null). */
  write(index: number, x: number, z: number, intensity: number | null): void {
    const mesh = this.ringMesh;
    const emissive = this.geometry.getAttribute(EMISSIVE_ATTRIBUTE);
    if (intensity === null) {
      mesh.setMatrixAt(index, HIDDEN);
      emissive.setX(index, 0);
    } else {
      mesh.setMatrixAt(index, this.matrix.makeTranslation(x, RING_Y, z));
      const [r, g, b] = heatColor(intensity);
      mesh.setColorAt(index, this.color.setRGB(r / 255, g / 255, b / 255, SRGBColorSpace));
      emissive.setX(index, heatEmissiveIntensity(intensity));
    }
    emissive.needsUpdate = true;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  }

  setCount(count: number): void {
    this.ringMesh.count = count;
  }

  /** Off hides the mesh itself: no ring draw call and nothing for the bloom pass. */
  setVisible(visible: boolean): void {
    this.ringMesh.visible = visible;
  }

  dispose(): void {
    this.scene.remove(this.ringMesh);
    this.ringMesh.dispose();
    this.geometry.dispose();
    this.material.dispose();
  }

  private createMesh(capacity: number): InstancedMesh {
    const mesh = new InstancedMesh(this.geometry, this.material, capacity);
    mesh.name = 'Desk.heatRing';
    mesh.count = 0;
    mesh.frustumCulled = false;
    mesh.visible = false;
    // Allocate the colour attribute up front so the shader compiles once, with instancing colour.
    mesh.setColorAt(0, this.color.setHex(0xffffff));
    this.scene.add(mesh);
    return mesh;
  }
}

function createRingGeometry(capacity: number): RingGeometry {
  // RingGeometry lies in the XY plane; rotating it onto XZ makes it lie flat on the floor, facing up.
  const g = new RingGeometry(RING_INNER, RING_OUTER, 72, 1).rotateX(-Math.PI / 2);
  g.setAttribute(EMISSIVE_ATTRIBUTE, createEmissiveAttribute(capacity));
  return g;
}
