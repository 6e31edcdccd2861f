// Scene colours per VS Code theme kind. The webview body carries `vscode-dark`, `vscode-light` or
// `vscode-high-contrast(-light)`; the office keeps the same calm materials and only shifts their tones, so
// the heat colours (which must read the same everywhere) stay the strongest hues on screen.

export type ThemeKind = 'dark' | 'light' | 'high-contrast' | 'high-contrast-light';

export interface ScenePalette {
  background: number;
  floor: number;
  wall: number;
  wallTrim: number;
  window: number;
  deskTop: number;
  chair: number;
  monitor: number;
  plantPot: number;
  plantLeaf: number;
  hemiSky: number;
  hemiGround: number;
  hemiIntensity: number;
  sunIntensity: number;
  selection: number;
}

const DARK: ScenePalette = {
  background: 0x1b1f27,
  floor: 0x2a303b,
  wall: 0x323a47,
  wallTrim: 0x262c36,
  window: 0x6d8fb8,
  deskTop: 0xb89a76,
  chair: 0x3e4656,
  monitor: 0x1c2027,
  plantPot: 0x8a6a52,
  plantLeaf: 0x5d8a66,
  hemiSky: 0xdfe7f5,
  hemiGround: 0x2b2f38,
  hemiIntensity: 1.5,
  sunIntensity: 1.7,
  selection: 0x7cb7ff,
};

const LIGHT: ScenePalette = {
  background: 0xeef0f3,
  floor: 0xd9dce1,
  wall: 0xe7e3dc,
  wallTrim: 0xc9c3b9,
  window: 0xaecbe8,
  deskTop: 0xc9a57c,
  chair: 0x59616e,
  monitor: 0x23272e,
  plantPot: 0xb07d5b,
  plantLeaf: 0x5f9a6a,
  hemiSky: 0xffffff,
  hemiGround: 0x9a9a9a,
  hemiIntensity: 1.6,
  sunIntensity: 1.6,
  selection: 0x0a64c8,
};

const HIGH_CONTRAST: ScenePalette = {
  ...DARK,
  background: 0x000000,
  floor: 0x15181d,
  wall: 0x20252d,
  selection: 0xf38518,
};

const HIGH_CONTRAST_LIGHT: ScenePalette = { ...LIGHT, background: 0xffffff, selection: 0x0f4a85 };

export function themeKindOf(classList: DOMTokenList): ThemeKind {
  if (classList.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classList.contains('vscode-high-contrast')) return 'high-contrast';
  if (classList.contains('vscode-light')) return 'light';
  return 'dark';
}

export function paletteFor(kind: ThemeKind): ScenePalette {
  switch (kind) {
    case 'dark':
      return DARK;
    case 'light':
      return LIGHT;
    case 'high-contrast':
      return HIGH_CONTRAST;
    case 'high-contrast-light':
      return HIGH_CONTRAST_LIGHT;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Colours that tell an agent's status at a glance (monitor screen and the label's dot agree). */
export const STATUS_SCREEN_COLORS = {
  working: 0x6fb3ff,
  tool: 0x5ee0e6,
  waiting: 0xf5c26b,
  failed: 0xff6b6b,
  done: 0x3a4150,
  idle: 0x56607a,
} as const;

/**
 * Figure colours: the main agent is one calm blue; subagents take muted hues by their seat in the pod, so
 * neighbours never share a colour. None is close to the heat gradient's green, yellow or red.
 */
const FIGURE_COLORS = [0xa58fd0, 0x7fb7c9, 0xd29a7c, 0x9aa6c8, 0xc58fb4, 0x86b8a8, 0xb8a27e];
export const MAIN_FIGURE_COLOR = 0x5b8def;

export function figureColorFor(isMain: boolean, seat: number): number {
  if (isMain) return MAIN_FIGURE_COLOR;
  return FIGURE_COLORS[(seat + FIGURE_COLORS.length - 1) % FIGURE_COLORS.length] ?? MAIN_FIGURE_COLOR;
}
