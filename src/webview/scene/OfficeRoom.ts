// The room around the desks: a tiled floor, two walls with windows (only the far walls, so nothing stands
// between the camera and the desks), a few plants, and the lights. It resizes to the layout's bounds by
// scaling and moving meshes: no geometry is rebuilt when agents come and go.
import {
  BoxGeometry,
  CanvasTexture,
  CylinderGeometry,
  DirectionalLight,
  HemisphereLight,
  InstancedMesh,
  Matrix4,
  Mesh,
  MeshStandardMaterial,
  PlaneGeometry,
  RepeatWrapping,
  SRGBColorSpace,
  type Scene,
  SphereGeometry,
} from 'three';
import type { ScenePalette } from './ScenePalette';
import type { LayoutBounds } from './SlotLayout';

const WALL_HEIGHT = 3.4;
/** Room margin beyond the outermost desk centres: a ring (1.8) plus a walkway. */
const MARGIN = 4.2;
const TILE = 2.1;
const PLANT_SLOTS = 4;

export class OfficeRoom {
  readonly sun: DirectionalLight;
  private readonly hemi: HemisphereLight;
  private readonly floor: Mesh<PlaneGeometry, MeshStandardMaterial>;
  private readonly floorTexture: CanvasTexture;
  private readonly backWall: Mesh<BoxGeometry, MeshStandardMaterial>;
  private readonly sideWall: Mesh<BoxGeometry, MeshStandardMaterial>;
  private readonly windows: InstancedMesh<BoxGeometry, MeshStandardMaterial>;
  private readonly pots: InstancedMesh<CylinderGeometry, MeshStandardMaterial>;
  private readonly leaves: InstancedMesh<SphereGeometry, MeshStandardMaterial>;
  private readonly wallMaterial: MeshStandardMaterial;
  private readonly scratch = new Matrix4();

  constructor(
    private readonly scene: Scene,
    palette: ScenePalette,
  ) {
    this.hemi = new HemisphereLight(palette.hemiSky, palette.hemiGround, palette.hemiIntensity);
    scene.add(this.hemi);
    // Light from the camera's side and above, so desk shadows fall away from the viewer and never darken
    // the near side of a ring.
    this.sun = new DirectionalLight(0xffffff, palette.sunIntensity);
    this.sun.castShadow = true;
    this.sun.shadow.mapSize.set(1024, 1024);
    this.sun.shadow.bias = -0.0008;
    this.sun.shadow.normalBias = 0.02;
    this.sun.shadow.radius = 3;
    scene.add(this.sun, this.sun.target);

    this.floorTexture = createTileTexture();
    this.floor = new Mesh(
      new PlaneGeometry(1, 1).rotateX(-Math.PI / 2),
      new MeshStandardMaterial({ color: palette.floor, map: this.floorTexture, roughness: 0.92 }),
    );
    this.floor.name = 'Floor';
    this.floor.receiveShadow = true;
    scene.add(this.floor);

    this.wallMaterial = new MeshStandardMaterial({ color: palette.wall, roughness: 0.95 });
    this.backWall = new Mesh(new BoxGeometry(1, WALL_HEIGHT, 0.2).translate(0, WALL_HEIGHT / 2, 0), this.wallMaterial);
    this.sideWall = new Mesh(new BoxGeometry(0.2, WALL_HEIGHT, 1).translate(0, WALL_HEIGHT / 2, 0), this.wallMaterial);
    this.backWall.receiveShadow = true;
    this.sideWall.receiveShadow = true;
    scene.add(this.backWall, this.sideWall);

    this.windows = new InstancedMesh(
      new BoxGeometry(1, 1, 1),
      new MeshStandardMaterial({ color: palette.window, emissive: palette.window, emissiveIntensity: 0.35, roughness: 0.3 }),
      64,
    );
    this.windows.count = 0;
    this.windows.frustumCulled = false;
    scene.add(this.windows);

    this.pots = new InstancedMesh(
      new CylinderGeometry(0.32, 0.24, 0.55, 20).translate(0, 0.275, 0),
      new MeshStandardMaterial({ color: palette.plantPot, roughness: 0.8 }),
      PLANT_SLOTS,
    );
    this.leaves = new InstancedMesh(
      new SphereGeometry(0.55, 20, 14).scale(1, 1.25, 1).translate(0, 1.15, 0),
      new MeshStandardMaterial({ color: palette.plantLeaf, roughness: 0.9 }),
      PLANT_SLOTS,
    );
    for (const m of [this.pots, this.leaves]) {
      m.castShadow = true;
      m.frustumCulled = false;
      scene.add(m);
    }
    this.fit(null);
    this.applyPalette(palette);
  }

  /** Sizes the room around the desks (or a default room when there are none). */
  fit(bounds: LayoutBounds | null): void {
    const b = bounds ?? { minX: 0, maxX: 0, minZ: 0, maxZ: 0 };
    const minX = b.minX - MARGIN;
    const maxX = b.maxX + MARGIN;
    const minZ = b.minZ - MARGIN;
    const maxZ = b.maxZ + MARGIN;
    const width = maxX - minX;
    const depth = maxZ - minZ;
    const cx = (minX + maxX) / 2;
    const cz = (minZ + maxZ) / 2;

    this.floor.scale.set(width, 1, depth);
    this.floor.position.set(cx, 0, cz);
    this.floorTexture.repeat.set(width / TILE, depth / TILE);

    this.backWall.scale.set(width + 0.2, 1, 1);
    this.backWall.position.set(cx, 0, minZ - 0.1);
    this.sideWall.scale.set(1, 1, depth);
    this.sideWall.position.set(minX - 0.1, 0, cz);

    // Tall windows along the back wall, evenly spaced, each of two panes with a mullion between them.
    const count = Math.min(this.windows.instanceMatrix.count / 2, Math.max(1, Math.floor(width / 4.5)));
    const pitch = width / count;
    const pane = pitch * 0.3;
    for (let i = 0; i < count; i++) {
      const centre = minX + pitch * (i + 0.5);
      for (let side = 0; side < 2; side++) {
        this.scratch.makeScale(pane, 1.7, 0.05).setPosition(centre + (side ? 1 : -1) * (pane / 2 + 0.05), 1.85, minZ + 0.01);
        this.windows.setMatrixAt(i * 2 + side, this.scratch);
      }
    }
    this.windows.count = count * 2;
    this.windows.instanceMatrix.needsUpdate = true;

    // Plants in the corners, out of the desks' way.
    const spots: ReadonlyArray<readonly [number, number]> = [
      [minX + 0.9, minZ + 0.9],
      [maxX - 0.9, minZ + 0.9],
      [minX + 0.9, maxZ - 1.6],
      [minX + 0.9, cz],
    ];
    for (let i = 0; i < PLANT_SLOTS; i++) {
      const [x, z] = spots[i] ?? [0, 0];
      this.scratch.makeTranslation(x, 0, z);
      this.pots.setMatrixAt(i, this.scratch);
      this.leaves.setMatrixAt(i, this.scratch);
    }
    this.pots.instanceMatrix.needsUpdate = true;
    this.leaves.instanceMatrix.needsUpdate = true;

    // The sun's shadow camera covers the room, no more (sharper shadows for small offices).
    const half = Math.max(width, depth) * 0.62;
    const cam = this.sun.shadow.camera;
    cam.left = -half;
    cam.right = half;
    cam.top = half;
    cam.bottom = -half;
    cam.near = 0.5;
    cam.far = half * 4 + 30;
    cam.updateProjectionMatrix();
    this.sun.target.position.set(cx, 0, cz);
    this.sun.position.set(cx + half * 0.55 + 4, half * 1.2 + 12, cz + half * 0.9 + 8);
  }

  applyPalette(palette: ScenePalette): void {
    this.hemi.color.setHex(palette.hemiSky);
    this.hemi.groundColor.setHex(palette.hemiGround);
    this.hemi.intensity = palette.hemiIntensity;
    this.sun.intensity = palette.sunIntensity;
    this.floor.material.color.setHex(palette.floor);
    this.wallMaterial.color.setHex(palette.wall);
    this.windows.material.color.setHex(palette.window);
    this.windows.material.emissive.setHex(palette.window);
    this.pots.material.color.setHex(palette.plantPot);
    this.leaves.material.color.setHex(palette.plantLeaf);
  }

  dispose(): void {
    this.scene.remove(this.hemi, this.sun, this.sun.target, this.floor, this.backWall, this.sideWall, this.windows, this.pots, this.leaves);
    this.sun.dispose();
    this.floor.geometry.dispose();
    this.floor.material.dispose();
    this.floorTexture.dispose();
    this.backWall.geometry.dispose();
    this.sideWall.geometry.dispose();
    this.wallMaterial.dispose();
    for (const m of [this.windows, this.pots, this.leaves]) {
      m.geometry.dispose();
      m.material.dispose();
      m.dispose();
    }
  }
}

/** A light tile: near-white with a soft darker seam, multiplied by the floor colour (so it follows the theme). */
function createTileTexture(): CanvasTexture {
  const size = 128;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size, size);
    ctx.fillStyle = '#e4e6ea';
    ctx.fillRect(0, 0, size, 2);
    ctx.fillRect(0, 0, 2, size);
  }
  const texture = new CanvasTexture(canvas);
  texture.wrapS = RepeatWrapping;
  texture.wrapT = RepeatWrapping;
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  return texture;
}
