/**
 * Messages inside the extension. Requests return result values ({ ok, … } or { ok: false, error })
 * rather than throwing, so every failure reaching the popup carries a DESIGN §3 code.
 * Only extension pages (popup, options) may send the "ui" messages; the background checks the
 * sender. The content script only ever receives messages, from the background.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CardRecord } from '../../src/card/record';
import type { ErrorInfo } from '../../src/errors';
import type { FillPlan, FillReport } from '../../src/fill/engine';
import type { ReaderSummary, StatusReply } from '../../src/protocol/messages';

export type Result<T> = ({ ok: true } & T) | { ok: false; error: ErrorInfo };

export type HostState = 'unknown' | 'connecting' | 'ready' | 'missing' | 'mismatch' | 'error';

/** Which side must be updated when host and extension speak different protocol versions. */
export type UpdateSide = 'host' | 'extension';

/** What the popup shows; pushed on the "cardfill-state" port whenever it changes. */
export interface PublicState {
  host: {
    state: HostState;
    version: string | null;
    reader: string | null;
    error: ErrorInfo | null;
    /** Set when state is 'mismatch': the side that is older and needs the update. */
    update: UpdateSide | null;
  };
  phase: 'idle' | 'reading' | 'card' | 'error';
  card: CardRecord | null;
  error: ErrorInfo | null;
  /** Epoch ms when the current read started (for the progress line), or null. */
  readingSince: number | null;
  /** Epoch ms when the card data will be cleared, or null. */
  expiresAt: number | null;
  staffMode: boolean;
  /** Staff mode: the host is watching the reader for a placed card. */
  watching: boolean;
  /** Successful fills today (a number only: no personal data). */
  fillsToday: number;
}

/** The host's own account of itself, for the options page's report in words. */
export interface HostReport {
  version: string;
  protocol: number;
  readers: ReaderSummary[];
  status: StatusReply | null;
  /** The reader check failed (e.g. NO_READER) although the host itself answered. */
  readerError: ErrorInfo | null;
}

export interface UiProtocol {
  getState(): PublicState;
  readCard(): Result<{ card: CardRecord }>;
  clearCard(): Result<object>;
  /** Stop the read in progress (the host answers the read "cancelled" once the reader stopped). */
  cancelRead(): Result<object>;
  /** Build the fill plan in the given tab's top frame from the (possibly edited) card. */
  planFill(data: { tabId: number; card: CardRecord }): Result<{ plan: FillPlan }>;
  /** Fill the approved items of the plan made last for this tab. */
  fill(data: { tabId: number; planId: string; approvedIds: string[] }): Result<{ report: FillReport }>;
  hostDoctor(): Result<{ report: HostReport }>;
}

export interface ContentProtocol {
  contentPlan(data: { card: CardRecord }): Result<{ plan: FillPlan }>;
  contentFill(data: { plan: FillPlan }): Result<{ report: FillReport }>;
}

export const ui = defineExtensionMessaging<UiProtocol>();
export const content = defineExtensionMessaging<ContentProtocol>();

export const STATE_PORT = 'cardfill-state';
