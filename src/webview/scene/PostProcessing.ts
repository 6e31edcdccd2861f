// Post-processing (pmndrs/postprocessing): the scene pass, then a selective bloom that only the heat rings
// feed, so the rings glow while the lit desks, walls and a light theme's bright floor never bloom.
import { EffectComposer, EffectPass, RenderPass, SelectiveBloomEffect, KernelSize } from 'postprocessing';
import { HalfFloatType, type Camera, type InstancedMesh, type Scene, type WebGLRenderer } from 'three';

export class PostProcessing {
  private readonly composer: EffectComposer;
  private readonly renderPass: RenderPass;
  private readonly bloom: SelectiveBloomEffect;
  private readonly effectPass: EffectPass;

  constructor(renderer: WebGLRenderer, scene: Scene, camera: Camera) {
    const maxSamples = renderer.capabilities.isWebGL2 ? renderer.capabilities.maxSamples : 0;
    this.composer = new EffectComposer(renderer, {
      frameBufferType: HalfFloatType,
      multisampling: Math.min(4, maxSamples),
    });
    this.renderPass = new RenderPass(scene, camera);
    this.bloom = new SelectiveBloomEffect(scene, camera, {
      mipmapBlur: true,
      intensity: 0.9,
      radius: 0.5,
      luminanceThreshold: 0,
      luminanceSmoothing: 0.2,
      kernelSize: KernelSize.MEDIUM,
    });
    this.bloom.ignoreBackground = true;
    this.effectPass = new EffectPass(camera, this.bloom);
    this.composer.addPass(this.renderPass);
    this.composer.addPass(this.effectPass);
  }

  /** The ring mesh is replaced when the desks' instance buffers grow: move the bloom selection along. */
  setBloomTarget(ring: InstancedMesh, previous: InstancedMesh | null): void {
    if (previous) this.bloom.selection.delete(previous);
    this.bloom.selection.add(ring);
  }

  setSize(width: number, height: number): void {
    this.composer.setSize(width, height, false);
  }

  render(deltaSeconds: number): void {
    this.composer.render(deltaSeconds);
  }

  dispose(): void {
    this.bloom.dispose();
    this.effectPass.dispose();
    this.renderPass.dispose();
    this.composer.dispose();
  }
}
