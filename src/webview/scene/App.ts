// The app object (as in the three.js and pmndrs examples): owns the renderer, scene, camera rig,
// post-processing, room, desks and labels; handles resize, device pixel ratio, theme and picking; renders
// on demand — a frame is drawn only when something changed, the camera moves or a tween runs.
import { Color, PCFShadowMap, Raycaster, Scene, Vector2, Vector3, WebGLRenderer, type Intersection } from 'three';
import { CameraRig } from './CameraRig';
import { DeskManager } from './DeskManager';
import { LABEL_HEIGHT } from './deskGeometry';
import { LabelLayer } from './LabelLayer';
import { OfficeRoom } from './OfficeRoom';
import { PostProcessing } from './PostProcessing';
import { paletteFor, themeKindOf, type ScenePalette } from './ScenePalette';

export interface RenderStats {
  calls: number;
  triangles: number;
  geometries: number;
  textures: number;
  programs: number;
}

export interface AppCallbacks {
  onSelect(agentId: string | null): void;
  onContextLost(lost: boolean): void;
  /** The camera came to rest where the user (or a focus glide) put it. */
  onCameraSettled(): void;
}

/** Largest pixel ratio rendered: beyond 2 the cost grows and the difference does not show. */
const MAX_PIXEL_RATIO = 2;

export class App {
  readonly renderer: WebGLRenderer;
  readonly scene = new Scene();
  readonly rig: CameraRig;
  readonly desks: DeskManager;
  readonly labels: LabelLayer;
  readonly element: HTMLDivElement;
  private readonly room: OfficeRoom;
  private readonly post: PostProcessing;
  private readonly background = new Color();
  private palette: ScenePalette;
  private width = 1;
  private height = 1;
  private frameId = 0;
  private lastFrameMs = 0;
  private disposed = false;
  private readonly stats: RenderStats = { calls: 0, triangles: 0, geometries: 0, textures: 0, programs: 0 };
  private readonly raycaster = new Raycaster();
  private readonly pointer = new Vector2();
  private readonly pointerDown = new Vector2();
  private readonly hoverAt = new Vector2();
  private hoverFrame = 0;
  private hoveredId: string | null = null;
  private readonly hits: Intersection[] = [];
  private readonly labelAnchor = (id: string, out: Vector3): boolean => {
    if (!this.desks.deskPosition(id, out)) return false;
    out.y = LABEL_HEIGHT;
    return true;
  };
  private readonly resizeObserver: ResizeObserver;
  private readonly themeObserver: MutationObserver;
  private readonly cleanup: Array<() => void> = [];

  constructor(
    container: HTMLElement,
    private readonly callbacks: AppCallbacks,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'office';
    const canvas = document.createElement('canvas');
    canvas.className = 'office-canvas';
    canvas.setAttribute('aria-label', 'Heatdesk office: one desk per agent');
    this.element.appendChild(canvas);
    container.appendChild(this.element);

    // preserveDrawingBuffer keeps the last frame readable (tests, snapshot.mjs, e2e read pixels back); with
    // on-demand rendering it costs nothing noticeable. The composer does the anti-aliasing (MSAA target).
    this.renderer = new WebGLRenderer({
      canvas,
      antialias: false,
      stencil: false,
      depth: false,
      alpha: false,
      preserveDrawingBuffer: true,
      powerPreference: 'high-performance',
    });
    this.renderer.info.autoReset = false;
    this.renderer.shadowMap.enabled = true;
    this.renderer.shadowMap.type = PCFShadowMap;
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO));

    this.palette = paletteFor(themeKindOf(document.body.classList));
    this.background.setHex(this.palette.background);
    this.scene.background = this.background;

    this.rig = new CameraRig(
      canvas,
      () => this.requestRender(),
      () => this.callbacks.onCameraSettled(),
    );
    this.room = new OfficeRoom(this.scene, this.palette);
    this.post = new PostProcessing(this.renderer, this.scene, this.rig.camera);
    this.desks = new DeskManager(this.scene, this.palette, (ring, previous) => this.post.setBloomTarget(ring, previous));
    this.post.setBloomTarget(this.desks.ringMesh, null);
    this.labels = new LabelLayer(this.element, (id) => this.callbacks.onSelect(id));

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.element);
    this.themeObserver = new MutationObserver(() => this.applyTheme());
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.listen(window, 'resize', () => this.resize());
    this.listen(document, 'visibilitychange', () => this.requestRender());
    this.listen(canvas, 'pointerdown', (e) => this.pointerDown.set((e as PointerEvent).clientX, (e as PointerEvent).clientY));
    this.listen(canvas, 'pointerup', (e) => this.onPointerUp(e as PointerEvent));
    this.listen(canvas, 'pointermove', (e) => this.onPointerMove(e as PointerEvent));
    this.listen(canvas, 'pointerleave', () => this.setHovered(null));
    this.listen(canvas, 'dblclick', () => this.rig.frame(this.desks.bounds(), true));
    this.listen(canvas, 'webglcontextlost', (e) => {
      e.preventDefault();
      this.callbacks.onContextLost(true);
    });
    this.listen(canvas, 'webglcontextrestored', () => {
      this.callbacks.onContextLost(false);
      this.requestRender();
    });
    this.resize();
  }

  /** Call after desks were added or removed: the room and the automatic framing follow the layout. */
  layoutChanged(): void {
    const bounds = this.desks.bounds();
    this.room.fit(bounds);
    this.rig.frame(bounds);
    this.requestRender();
  }

  focusAgent(agentId: string): boolean {
    const p = new Vector3();
    if (!this.desks.deskPosition(agentId, p)) return false;
    this.rig.focus(p.x, p.z);
    return true;
  }

  requestRender(): void {
    if (this.frameId !== 0 || this.disposed) return;
    this.frameId = requestAnimationFrame(this.onFrame);
  }

  /** Renders synchronously (tests, snapshot tool) and returns this frame's renderer figures. */
  renderNow(): RenderStats {
    this.rig.update(0);
    this.draw(0);
    return this.stats;
  }

  get lastStats(): Readonly<RenderStats> {
    return this.stats;
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.frameId !== 0) cancelAnimationFrame(this.frameId);
    if (this.hoverFrame !== 0) cancelAnimationFrame(this.hoverFrame);
    this.resizeObserver.disconnect();
    this.themeObserver.disconnect();
    for (const undo of this.cleanup.splice(0)) undo();
    this.labels.dispose();
    this.desks.dispose();
    this.room.dispose();
    this.post.dispose();
    this.rig.dispose();
    this.renderer.dispose();
    this.element.remove();
  }

  private readonly onFrame = (now: number): void => {
    this.frameId = 0;
    const dt = this.lastFrameMs === 0 ? 0 : Math.min(0.1, (now - this.lastFrameMs) / 1000);
    this.lastFrameMs = now;
    const moving = this.rig.update(dt);
    this.draw(dt);
    if (moving) this.requestRender();
    else this.lastFrameMs = 0;
  };

  private draw(dt: number): void {
    const info = this.renderer.info;
    info.reset();
    this.post.render(dt);
    this.stats.calls = info.render.calls;
    this.stats.triangles = info.render.triangles;
    this.stats.geometries = info.memory.geometries;
    this.stats.textures = info.memory.textures;
    this.stats.programs = info.programs?.length ?? 0;
    this.labels.update(this.rig.camera, this.width, this.height, this.rig.deskPitchPx(this.height), this.labelAnchor);
  }

  private resize(): void {
    const width = Math.max(1, this.element.clientWidth);
    const height = Math.max(1, this.element.clientHeight);
    const ratio = Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO);
    if (width === this.width && height === this.height && ratio === this.renderer.getPixelRatio()) return;
    this.width = width;
    this.height = height;
    this.renderer.setPixelRatio(ratio);
    this.renderer.setSize(width, height, false);
    this.post.setSize(width, height);
    this.rig.setAspect(width / height);
    this.requestRender();
  }

  private applyTheme(): void {
    const palette = paletteFor(themeKindOf(document.body.classList));
    if (palette === this.palette) return;
    this.palette = palette;
    this.background.setHex(palette.background);
    this.room.applyPalette(palette);
    this.desks.applyPalette(palette);
    this.requestRender();
  }

  private onPointerUp(e: PointerEvent): void {
    // A drag that orbits the camera is not a click.
    if (Math.hypot(e.clientX - this.pointerDown.x, e.clientY - this.pointerDown.y) > 5) return;
    this.callbacks.onSelect(this.pick(e.clientX, e.clientY));
  }

  /** Hover shows a pointer over desks and brings back a hidden label; picked at most once per frame. */
  private onPointerMove(e: PointerEvent): void {
    if (e.buttons !== 0) return;
    this.hoverAt.set(e.clientX, e.clientY);
    if (this.hoverFrame !== 0) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      this.setHovered(this.pick(this.hoverAt.x, this.hoverAt.y));
    });
  }

  private setHovered(agentId: string | null): void {
    if (agentId === this.hoveredId) return;
    this.hoveredId = agentId;
    this.renderer.domElement.style.cursor = agentId === null ? '' : 'pointer';
    this.labels.setHovered(agentId);
  }

  private pick(clientX: number, clientY: number): string | null {
    const rect = this.renderer.domElement.getBoundingClientRect();
    this.pointer.set(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    this.raycaster.setFromCamera(this.pointer, this.rig.camera);
    this.hits.length = 0;
    this.raycaster.intersectObjects(this.desks.pickTargets(), false, this.hits);
    const hit = this.hits[0];
    return hit ? this.desks.agentAt(hit.instanceId) : null;
  }

  private listen(target: EventTarget, type: string, handler: (e: Event) => void): void {
    target.addEventListener(type, handler);
    this.cleanup.push(() => target.removeEventListener(type, handler));
  }
}
