/**
 * Which screen the popup shows, from the background's state alone (pure, so every state is
 * testable). Reader and host states follow web-eid's split (docs/prior-art.md §0.3, §A1): the
 * retriable ones each get their own sentence and the one action that helps; fatal ones get Retry.
 */
import type { ErrorInfo } from '../../src/errors';
import type { PublicState } from '../shared/messages';

export type PopupView =
  | { name: 'connecting' }
  | { name: 'host-missing'; error: ErrorInfo | null }
  | { name: 'host-not-allowed'; error: ErrorInfo }
  | { name: 'version-mismatch'; update: 'host' | 'extension' }
  | { name: 'no-reader'; error: ErrorInfo | null }
  | { name: 'place-card'; error: ErrorInfo | null }
  | { name: 'reading'; since: number | null }
  | { name: 'lift-and-place'; error: ErrorInfo }
  | { name: 'unsupported'; error: ErrorInfo }
  | { name: 'error'; error: ErrorInfo }
  | { name: 'card' };

export function popupView(bg: PublicState | null): PopupView {
  if (bg === null) return { name: 'connecting' };
  if (bg.phase === 'reading') return { name: 'reading', since: bg.readingSince };
  if (bg.card) return { name: 'card' };
  const error = bg.phase === 'error' ? bg.error : null;
  if (bg.host.state === 'missing' || error?.code === 'HOST_NOT_FOUND') return { name: 'host-missing', error };
  if (bg.host.state === 'mismatch' || error?.code === 'VERSION_MISMATCH')
    return { name: 'version-mismatch', update: bg.host.update ?? 'host' };
  if (!error) return { name: 'place-card', error: null };
  switch (error.code) {
    case 'NOT_ALLOWED':
      return { name: 'host-not-allowed', error };
    case 'NO_READER':
      return { name: 'no-reader', error };
    case 'NO_CARD':
      return { name: 'place-card', error };
    case 'CARD_NOT_REPRESENTED':
      return { name: 'lift-and-place', error };
    case 'UNSUPPORTED_CARD':
      return { name: 'unsupported', error };
    default:
      return { name: 'error', error };
  }
}

/**
 * The exact command that registers the host for this extension (docs/architecture.md §4). Chrome-family ids are
 * 32 letters a–p and must be named; Firefox's id is fixed in the host, so the browser is named.
 */
export function installCommand(extensionId: string): string {
  if (/^[a-p]{32}$/.test(extensionId)) return `npx cardfill-host install --extension-id ${extensionId}`;
  return 'npx cardfill-host install --browser firefox';
}
