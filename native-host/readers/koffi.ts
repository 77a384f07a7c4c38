/**
 * koffi, imported lazily (docs/architecture.md §5: the host starts fast when no vendor library is used).
 * One loader for the sdtapi backend and the WLT decoder.
 */
import { CardFillError, type ErrorCode } from '../../src/errors';

export type KoffiModule = typeof import('koffi');

let koffiModule: Promise<KoffiModule> | null = null;

/** Load koffi once; a failure becomes `code` with words saying what needed it. */
export async function loadKoffi(code: ErrorCode, purpose: string): Promise<KoffiModule> {
  koffiModule ??= import('koffi').then((m) => ((m as unknown as { default?: KoffiModule }).default ?? m) as KoffiModule);
  try {
    return await koffiModule;
  } catch (e) {
    koffiModule = null;
    throw new CardFillError(code, `${purpose} is not available: koffi did not load (${(e as Error)?.message ?? e})`);
  }
}
