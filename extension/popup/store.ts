/**
 * The popup's one store: the background's state (pushed over a port), the person's edits and the
 * current fill plan. Components read snapshots through `usePopupStore`.
 */
import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import type { CardRecord } from '../../src/card/record';
import type { ErrorInfo } from '../../src/errors';
import type { FillPlan, FillReport } from '../../src/fill/engine';
import { STATE_PORT, type AllowOffer, type PublicState } from '../shared/messages';
import type { EditableField, Edits } from './card-facts';

export interface PopupState {
  background: PublicState | null;
  plan: FillPlan | null;
  /** Item ids the person switched off. */
  off: Set<string>;
  /** Values the person changed in the plan (item id → text), sent with the fill. */
  planEdits: Record<string, string>;
  /** The plan item whose value editor is open, if any. */
  editingItem: string | null;
  report: FillReport | null;
  /** The plan is for a page that travels without encryption (an allowed intranet http origin). */
  insecure: boolean;
  fillError: ErrorInfo | null;
  /** With a NOT_ALLOWED fill error: what "Allow CardFill on <site>" would add. */
  allow: AllowOffer | null;
  busy: 'plan' | 'fill' | null;
  /** Corrections to the card as read (never written into the card itself). */
  edits: Edits;
  /** The field whose editor is open, if any. */
  editing: EditableField | null;
  /** The number is masked until the person reveals it. */
  revealNumber: boolean;
}

type Listener = () => void;
const INITIAL: PopupState = {
  background: null,
  plan: null,
  off: new Set(),
  planEdits: {},
  editingItem: null,
  report: null,
  insecure: false,
  fillError: null,
  allow: null,
  busy: null,
  edits: {},
  editing: null,
  revealNumber: false,
};
let snapshot: PopupState = INITIAL;
const listeners = new Set<Listener>();

export function getPopupState(): PopupState {
  return snapshot;
}

export function updatePopupState(patch: Partial<PopupState>): void {
  snapshot = { ...snapshot, ...patch };
  for (const l of listeners) l();
}

/** Back to the first state (tests render the popup many times in one module). */
export function resetPopupState(): void {
  snapshot = { ...INITIAL, off: new Set(), planEdits: {}, edits: {} };
}

export function usePopupStore(): PopupState {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return snapshot;
}

function sameCard(a: CardRecord | null, b: CardRecord | null): boolean {
  if (a === null || b === null) return a === b;
  return a.number === b.number && a.kind === b.kind && a.nameZh === b.nameZh && a.nameEn === b.nameEn;
}

/** Take a new background state: a new or cleared card drops the plan, the edits and the reveal. */
export function receiveBackgroundState(next: PublicState): void {
  const previous = snapshot.background;
  if (previous !== null && !sameCard(previous.card, next.card)) {
    // Staff mode: the next card arrives while the popup is open; a report stays visible until then.
    const keepReport = next.card === null;
    updatePopupState({
      background: next,
      plan: null,
      off: new Set<string>(),
      planEdits: {},
      editingItem: null,
      edits: {},
      editing: null,
      revealNumber: false,
      fillError: null,
      ...(keepReport ? {} : { report: null }),
    });
    return;
  }
  updatePopupState({ background: next });
}

/** Subscribe to the background's state for as long as the popup is open. */
export function connectBackground(): () => void {
  const port = browser.runtime.connect({ name: STATE_PORT });
  port.onMessage.addListener((message: unknown) => receiveBackgroundState(message as PublicState));
  return () => port.disconnect();
}
