export interface SigningConfig {
  args: string[];
  env: Record<string, string | undefined>;
}
export function signingConfig(env?: Record<string, string | undefined>): SigningConfig | null;
export function signWindowsFile(
  file: string,
  description: string,
  config?: SigningConfig | null,
): { signed: boolean; verified?: boolean; timestamped?: boolean; reason?: string };
