import type { BrowserContext, Page, Worker } from 'playwright-core';

export const ROOT: string;
export const DIST: string;
export const HOST_BIN: string;
export const ARTIFACTS: string;
export function findChromium(): string;
export function resolveFixturePath(urlPath: string): string | null;
export function contentType(file: string): string;
export interface FixtureServer {
  origin: string;
  port: number;
  close(): Promise<void>;
}
export function startFixtureServer(): Promise<FixtureServer>;
export function registerHost(profileDir: string): string;
export interface SimControl {
  card: string | null;
  fault?: string | null;
  placed?: number;
  /** A card built from these chip text fields instead of a named synthetic card (src/card/encode.ts). */
  custom?: import('../../src/card/encode').CardTextFields;
}
export interface LaunchOptions {
  sim?: SimControl;
  env?: Record<string, string>;
  locale?: string;
  headless?: boolean;
  chromium?: string;
  args?: string[];
  viewport?: { width: number; height: number };
  /** false: no per-user host manifest in the profile (the system-wide one is used). */
  register?: boolean;
}
export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  profileDir: string;
  workDir: string;
  setSim(control: SimControl): void;
  tabIdOf(page: Page): Promise<number>;
  openPopup(target: Page, options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
export function launchExtension(options?: LaunchOptions): Promise<ExtensionBrowser>;
export function artifactPath(name: string): string;
