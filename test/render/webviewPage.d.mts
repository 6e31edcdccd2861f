// Types of webviewPage.mjs (plain JS so that scripts/snapshot.mjs can use it without a TypeScript step).
import type { Browser, Page } from 'playwright-core';

export const REPO: string;
export const DIST_WEBVIEW: string;

export interface HarnessServer {
  origin: string;
  close(): Promise<void>;
}

export interface OfficeOptions {
  theme?: 'dark' | 'light';
  width?: number;
  height?: number;
  noWebGL?: boolean;
  deviceScaleFactor?: number;
}

export interface RenderStats {
  calls: number;
  triangles: number;
  geometries: number;
  textures: number;
  programs: number;
}

export interface Office {
  page: Page;
  errors: string[];
  post(message: unknown): Promise<void>;
  posted(): Promise<Array<{ type: string; [k: string]: unknown }>>;
  render(): Promise<RenderStats | null>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface RingReading {
  id: string;
  type: string;
  status: string;
  intensity: number;
  ring: number | null;
  probe: { x: number; y: number } | null;
  color: [number, number, number] | null;
}

export function startHarnessServer(): Promise<HarnessServer>;
export function launchChromium(extraArgs?: string[]): Promise<Browser>;
export interface SharedOffice {
  server: HarnessServer;
  browser: Browser;
  office: Office;
}
export function openSharedOffice(): Promise<SharedOffice>;
export function closeSharedOffice(parts: Partial<SharedOffice>): Promise<void>;
export function openOffice(browser: Browser, origin: string, options?: OfficeOptions): Promise<Office>;
export function snapshotMessage(events: unknown[], heatmapEnabled: boolean): unknown;
export function readRings(page: Page): Promise<RingReading[]>;
