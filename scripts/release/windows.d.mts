export const IA32_FILE: string;
export const REGISTRY_KEYS: [string, string][];
export const INSTALLED_FILES: string[];
export interface ContentCheck {
  ok: boolean | null;
  problems?: string[];
  reason?: string;
  wordCount?: number;
}
export function checkMsi(msi: string, ext?: [string, string][]): ContentCheck;
export function checkSetupExe(exe: string): ContentCheck;
export function buildWindowsInstallers(options: { x64Dir: string; ia32Exe: string; outDir: string; env?: NodeJS.ProcessEnv }): {
  results: Record<string, unknown>[];
  signing: Record<string, unknown>;
};
