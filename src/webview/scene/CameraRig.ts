// The camera and a bounded orbit: the user can orbit, zoom and pan, but never under the floor, through the
// walls' far side or away from the office. Until the user moves the camera it re-frames itself as desks are
// added; a double-click (App) returns to that automatic framing.
import { MathUtils, PerspectiveCamera, Vector3 } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { DESK_SPACING_X, type LayoutBounds } from './SlotLayout';

const FOV = 34;
/** From straight above: ~44° elevation, so a near desk never hides the near side of the ring behind it. */
const POLAR = 0.8;
const AZIMUTH = 0.26;
const TWEEN_SECONDS = 0.6;
const DAMPING_PER_60HZ_FRAME = 0.12;

export interface CameraPose {
  position: [number, number, number];
  target: [number, number, number];
}

export class CameraRig {
  readonly camera: PerspectiveCamera;
  readonly controls: OrbitControls;
  /** False once the user has moved the camera: layout changes then leave the view alone. */
  private autoFrame = true;
  private readonly clampMin = new Vector3(-10, 0, -10);
  private readonly clampMax = new Vector3(10, 0, 10);
  /** Progress 0..1 of the current glide (1 = none running), advanced by wall time so slow frames do not slow it. */
  private tween = 1;
  private tweenStartMs = 0;
  private readonly fromTarget = new Vector3();
  private readonly toTarget = new Vector3();
  private readonly fromPosition = new Vector3();
  private readonly toPosition = new Vector3();
  private readonly offset = new Vector3();
  private readonly probe = new Vector3();
  private readonly corners = Array.from({ length: 8 }, () => new Vector3());
  private lastBounds: LayoutBounds | null = null;
  /** Between the controls' start and end events (pointer held): changes then are the user's. */
  private interacting = false;
  private readonly onStart = (): void => {
    this.interacting = true;
  };
  private readonly onEnd = (): void => {
    this.interacting = false;
    // The loop may have gone idle while the pointer was held still: one more frame settles it.
    this.onMoved();
  };
  /** A wheel zoom fires start and end before its change is applied, so it is recognised here instead. */
  private readonly onWheel = (): void => this.takenByUser();
  private readonly onChange = (): void => {
    // A plain click fires start and end but no change, so it does not take the camera.
    if (this.interacting) this.takenByUser();
    this.controls.target.clamp(this.clampMin, this.clampMax);
    this.onMoved();
  };
  private readonly dom: HTMLElement;

  private takenByUser(): void {
    this.autoFrame = false;
    this.tween = 1;
    this.settlePending = true;
  }

  /** Report the pose once the camera has come to rest after the user moved it or a glide ended. */
  private settlePending = false;

  constructor(
    dom: HTMLElement,
    private readonly onMoved: () => void,
    /** The user (or a focus glide) left the camera somewhere worth remembering. */
    private readonly onSettled: () => void = () => undefined,
  ) {
    this.camera = new PerspectiveCamera(FOV, 1, 0.1, 400);
    this.controls = new OrbitControls(this.camera, dom);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = DAMPING_PER_60HZ_FRAME;
    this.controls.minPolarAngle = 0.12;
    this.controls.maxPolarAngle = 1.32;
    this.controls.minDistance = 4;
    this.controls.maxDistance = 60;
    this.controls.screenSpacePanning = false;
    this.controls.addEventListener('start', this.onStart);
    this.controls.addEventListener('end', this.onEnd);
    this.controls.addEventListener('change', this.onChange);
    dom.addEventListener('wheel', this.onWheel, { passive: true });
    this.dom = dom;
    this.frame(null, true);
  }

  setAspect(aspect: number): void {
    this.camera.aspect = aspect;
    this.camera.updateProjectionMatrix();
    if (this.autoFrame) this.frame(this.lastBounds);
  }

  /** Frames the office (used as the layout grows). Ignored once the user took the camera, unless forced. */
  frame(bounds: LayoutBounds | null, force = false): void {
    if (force) {
      this.autoFrame = true;
      // Forget any remembered pose: the view frames itself again.
      this.settlePending = true;
    }
    this.lastBounds = bounds;
    const b = bounds ?? { minX: 0, maxX: 0, minZ: 0, maxZ: 0 };
    const margin = 3.5;
    this.clampMin.set(b.minX - margin, 0, b.minZ - margin);
    this.clampMax.set(b.maxX + margin, 0, b.maxZ + margin);
    if (!this.autoFrame) return;
    // A tall, narrow view (the side bar) looks along the rows instead of across them when that shows the
    // desks larger: rows of desks then run up the screen.
    let azimuth = AZIMUTH;
    let distance = this.fitDistance(b, azimuth);
    if (this.camera.aspect < 0.85) {
      const along = this.fitDistance(b, AZIMUTH + Math.PI / 2);
      if (along < distance) {
        azimuth = AZIMUTH + Math.PI / 2;
        distance = along;
      }
    }
    this.aim(b, azimuth);
    this.controls.maxDistance = Math.max(30, distance * 2.2);
    this.offset.setFromSphericalCoords(distance, POLAR, azimuth);
    this.toPosition.copy(this.toTarget).add(this.offset);
    this.snapToTween();
  }

  /**
   * The nearest distance at which every desk with its ring and label fits the view (binary search), looking
   * from `azimuth` at a point a little behind the middle (the near floor is empty; labels need room above).
   */
  private fitDistance(b: LayoutBounds, azimuth: number): number {
    this.aim(b, azimuth);
    const r = 2.0;
    const corners = this.corners;
    let i = 0;
    for (const x of [b.minX - r, b.maxX + r])
      for (const y of [0, 2.3])
        for (const z of [b.minZ - r, b.maxZ + r]) corners[i++]?.set(x, y, z);
    let lo = 5;
    let hi = 400;
    const cam = this.camera;
    for (let step = 0; step < 24; step++) {
      const d = (lo + hi) / 2;
      this.offset.setFromSphericalCoords(d, POLAR, azimuth);
      cam.position.copy(this.toTarget).add(this.offset);
      cam.lookAt(this.toTarget);
      cam.updateMatrixWorld();
      let fits = true;
      for (const c of corners) {
        this.probe.copy(c).project(cam);
        // Leave room for the HUD at the top and the labels above the back row.
        if (Math.abs(this.probe.x) > 0.9 || this.probe.y > 0.78 || this.probe.y < -0.9) {
          fits = false;
          break;
        }
      }
      if (fits) hi = d;
      else lo = d;
    }
    return Math.max(7.5, hi);
  }

  private aim(b: LayoutBounds, azimuth: number): void {
    this.toTarget.set((b.minX + b.maxX) / 2 - Math.sin(azimuth) * 0.6, 0.4, (b.minZ + b.maxZ) / 2 - Math.cos(azimuth) * 0.6);
  }

  /** Glides to a desk, keeping the current viewing direction but coming closer. */
  focus(x: number, z: number): void {
    this.autoFrame = false;
    this.fromTarget.copy(this.controls.target);
    this.fromPosition.copy(this.camera.position);
    this.toTarget.set(x, 0.6, z);
    this.offset.copy(this.camera.position).sub(this.controls.target);
    this.offset.setLength(MathUtils.clamp(this.offset.length(), 9, 13));
    this.toPosition.copy(this.toTarget).add(this.offset);
    this.tween = 0;
    this.tweenStartMs = performance.now();
    this.onMoved();
  }

  /** On-screen distance between neighbouring desks around the point looked at (drives label density). */
  deskPitchPx(viewportHeight: number): number {
    const distance = this.camera.position.distanceTo(this.controls.target);
    const pixelsPerUnit = viewportHeight / (2 * Math.tan(MathUtils.degToRad(this.camera.fov) / 2) * distance);
    return DESK_SPACING_X * pixelsPerUnit;
  }

  /** Where the user left the camera, or null while it frames the office by itself. */
  pose(): CameraPose | null {
    if (this.autoFrame) return null;
    const p = this.camera.position;
    const t = this.controls.target;
    return { position: [p.x, p.y, p.z], target: [t.x, t.y, t.z] };
  }

  /** Puts the camera back where a previous page left it (the view was hidden and shown again). */
  restore(pose: CameraPose): void {
    this.autoFrame = false;
    this.tween = 1;
    this.controls.target.set(...pose.target).clamp(this.clampMin, this.clampMax);
    this.camera.position.set(...pose.position);
    this.controls.update();
    this.onMoved();
  }

  /** Advances damping and tweens; true while the camera is still moving (the caller renders again). */
  update(dt: number): boolean {
    if (this.tween < 1) {
      this.tween = Math.min(1, (performance.now() - this.tweenStartMs) / (TWEEN_SECONDS * 1000));
      const k = easeInOut(this.tween);
      this.controls.target.lerpVectors(this.fromTarget, this.toTarget, k);
      this.camera.position.lerpVectors(this.fromPosition, this.toPosition, k);
      if (this.tween === 1) this.settlePending = true;
    }
    // OrbitControls damps per frame; scale it by the frame time so the camera settles in the same wall time
    // at 10 fps (software GL) as at 60.
    this.controls.dampingFactor = dt > 0 ? 1 - Math.pow(1 - DAMPING_PER_60HZ_FRAME, dt * 60) : DAMPING_PER_60HZ_FRAME;
    const damping = this.controls.update(dt);
    const moving = this.tween < 1 || damping;
    if (!moving && !this.interacting && this.settlePending) {
      this.settlePending = false;
      this.onSettled();
    }
    return moving;
  }

  dispose(): void {
    this.controls.removeEventListener('start', this.onStart);
    this.controls.removeEventListener('end', this.onEnd);
    this.controls.removeEventListener('change', this.onChange);
    this.dom.removeEventListener('wheel', this.onWheel);
    this.controls.dispose();
  }

  private snapToTween(): void {
    this.tween = 1;
    this.controls.target.copy(this.toTarget);
    this.camera.position.copy(this.toPosition);
    this.camera.lookAt(this.toTarget);
    this.camera.updateMatrixWorld();
    this.onMoved();
  }
}

function easeInOut(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}
