export function findWine(): { bin: string; version: string } | null;
export function wineChecks(options: { exe: string; msi: string; setupExe: string; keep?: boolean }): {
  ok: boolean | null;
  reason?: string;
  wine?: string;
  problems: string[];
  steps: Record<string, Record<string, unknown>>;
  seconds?: number;
};
