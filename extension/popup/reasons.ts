/**
 * The fill engine (src/fill) explains refused and skipped fields in short English phrases; the
 * popup shows them in the person's language. A phrase not listed here is shown as it is, so a new
 * reason in the engine is never hidden — only untranslated until it is added.
 */
import { t, type MessageKey } from '../shared/i18n';

const REASON_KEYS: Record<string, MessageKey> = {
  'page is not secure (http:)': 'reason_insecure',
  'password field': 'reason_password',
  disabled: 'reason_disabled',
  'read-only': 'reason_readonly',
  hidden: 'reason_hidden',
  invisible: 'reason_invisible',
  'off-screen': 'reason_offscreen',
  'too small to see': 'reason_tooSmall',
  'clipped out of sight': 'reason_clipped',
  'covered by another element': 'reason_covered',
  'no longer on the page': 'reason_gone',
  'cross-origin frame': 'reason_crossOrigin',
  'sandboxed frame': 'reason_sandboxed',
  'no option for this card': 'reason_noOption',
  'value not in the list': 'reason_noOption',
  'switched off': 'reason_switchedOff',
  'the page changed since the plan was made': 'reason_pageChanged',
  'the page changed while filling': 'reason_pageChanged',
  'the plan is no longer valid on this page; plan again': 'reason_planStale',
  'the page did not show this field for this document type': 'reason_notShown',
  'could not write this control': 'reason_couldNotWrite',
  'too long for this field': 'reason_tooLong',
  'password or hidden field': 'reason_passwordOrHidden',
  'CardFill types no card data into a list’s search box': 'reason_noSearch',
};

/** The engine appends what a list's search box received (src/fill/engine.ts) to a skip reason. */
const SEARCH_NOTE = / \(the page’s search box received (.+), then was cleared\)$/;

export function reasonText(reason: string): string {
  const note = SEARCH_NOTE.exec(reason);
  if (note) return `${reasonText(reason.slice(0, note.index))} (${t('reason_searchTyped', note[1]!)})`;
  const key = REASON_KEYS[reason];
  return key ? t(key) : reason;
}
