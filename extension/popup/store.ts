/**
 * The popup's one store: the background's state (pushed over a port), the person's edits and the
 * current fill plan. Components read signals-like snapshots through `usePopupStore`.
 */
import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import type { CardRecord } from '../../src/card/record';
import type { ErrorInfo } from '../../src/errors';
import type { FillPlan, FillReport } from '../../src/fill/engine';
import { STATE_PORT, type PublicState } from '../shared/messages';

export interface PopupState {
  background: PublicState | null;
  plan: FillPlan | null;
  /** Item ids the person switched off. */
  off: Set<string>;
  report: FillReport | null;
  fillError: ErrorInfo | null;
  busy: 'plan' | 'fill' | null;
}

type Listener = () => void;
let snapshot: PopupState = { background: null, plan: null, off: new Set(), report: null, fillError: null, busy: null };
const listeners = new Set<Listener>();

export function getPopupState(): PopupState {
  return snapshot;
}

export function updatePopupState(patch: Partial<PopupState>): void {
  snapshot = { ...snapshot, ...patch };
  for (const l of listeners) l();
}

export function usePopupStore(): PopupState {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return snapshot;
}

/** Subscribe to the background's state for as long as the popup is open. */
export function connectBackground(): () => void {
  const port = browser.runtime.connect({ name: STATE_PORT });
  port.onMessage.addListener((message: unknown) => {
    const next = message as PublicState;
    const previousCard: CardRecord | null = snapshot.background?.card ?? null;
    // A new or cleared card invalidates the plan made for the old one.
    const cardChanged = previousCard?.number !== next.card?.number;
    updatePopupState({ background: next, ...(cardChanged ? { plan: null, off: new Set<string>(), report: null } : {}) });
  });
  return () => port.disconnect();
}
