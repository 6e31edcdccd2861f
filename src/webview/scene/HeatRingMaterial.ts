// The seed's ring material, instanced: an emissive MeshStandardMaterial whose colour and emissiveIntensity
// come per instance (the seed's emissiveIntensity = 0.3 + intensity * 0.7, from heatEmissiveIntensity) (colour in `instanceColor`, intensity in the `instanceEmissiveIntensity` attribute),
// so 200 rings are one draw call instead of 200 materials. The shader patch replaces the single uniform
// `emissive * emissiveIntensity` with `ringColour * instanceEmissiveIntensity`.
import { InstancedBufferAttribute, MeshStandardMaterial } from 'three';

export const EMISSIVE_ATTRIBUTE = 'instanceEmissiveIntensity';

export function createEmissiveAttribute(capacity: number): InstancedBufferAttribute {
  return new InstancedBufferAttribute(new Float32Array(capacity), 1);
}

export function createHeatRingMaterial(): MeshStandardMaterial {
  // The lit (diffuse) share is kept low so the glow, not the lamp light, carries the colour: the ring reads
  // the same in dark and light themes.
  const material = new MeshStandardMaterial({
    color: 0x8a8a8a,
    emissive: 0xffffff,
    roughness: 0.85,
    metalness: 0,
    transparent: true,
  });
  material.name = 'HeatRing';
  material.onBeforeCompile = (shader) => {
    shader.vertexShader = shader.vertexShader
      .replace(
        '#include <common>',
        `#include <common>\nattribute float ${EMISSIVE_ATTRIBUTE};\nvarying float vHeatEmissive;\nvarying float vHeatRadius;`,
      )
      .replace('#include <begin_vertex>', `#include <begin_vertex>\nvHeatEmissive = ${EMISSIVE_ATTRIBUTE};\nvHeatRadius = length(position.xz);`);
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', '#include <common>\nvarying float vHeatEmissive;\nvarying float vHeatRadius;')
      .replace('vec3 totalEmissiveRadiance = emissive;', 'vec3 totalEmissiveRadiance = vColor.rgb * vHeatEmissive;')
      // Soft edges: full colour across the middle of the band (the 1.55 probe radius), fading out towards
      // 1.3 and 1.8 so the ring sits on the floor like light rather than a painted disc.
      .replace(
        '#include <color_fragment>',
        '#include <color_fragment>\ndiffuseColor.a *= 0.35 + 0.65 * smoothstep(1.3, 1.4, vHeatRadius) * (1.0 - smoothstep(1.7, 1.8, vHeatRadius));',
      );
  };
  material.customProgramCacheKey = () => 'heatdesk-heat-ring';
  return material;
}
