export interface SeaBuild {
  target: string;
  addons: 'embed' | 'beside';
  dir: string;
  exe: string;
  node: string;
  stripped: boolean;
  codeCache: boolean;
  files: { path: string; bytes: number; sha256: string }[];
  seconds: number;
}
export function releaseChromeIds(env?: NodeJS.ProcessEnv): string[];
export function bundleForSea(outfile: string, trustedIds?: string[]): Promise<void>;
export function addonFiles(target: string): Record<string, string>;
export function buildSea(target: string, options?: { addons?: 'embed' | 'beside'; strip?: boolean; outRoot?: string }): Promise<SeaBuild>;
