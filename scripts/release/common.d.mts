export const root: string;
export const version: string;
export const HOST_NAME: string;
export const DEV_CHROME_ID: string;
export const FIREFOX_ID: string;
export const MANIFEST_DESCRIPTION: string;
export function storeIds(env?: Record<string, string | undefined>): {
  chrome: string[];
  edge: string[];
  all: string[];
  development: boolean;
};
export function allowedChromeIds(env?: Record<string, string | undefined>): string[];
export function hostManifest(flavour: 'chrome' | 'firefox', programPath: string, env?: Record<string, string | undefined>): string;
export function sourceDateEpoch(): number;
export function walk(dir: string, rel?: string): string[];
export const STORE_UPDATE_URLS: { chrome: string; edge: string };
