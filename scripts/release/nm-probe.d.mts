export const DEV_ORIGIN: string;
export interface ProbeResult {
  hello?: { type: 'hello'; protocol: number; version: string; readers: unknown[] };
  status?: Record<string, unknown>;
  card?: Record<string, unknown>;
  messages: Record<string, unknown>[];
  exitCode: number | null;
  stderr: string;
}
export function probeHost(
  program: string,
  args?: string[],
  options?: { env?: Record<string, string>; timeoutMs?: number },
): Promise<ProbeResult>;
