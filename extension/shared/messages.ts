/**
 * Messages inside the extension. Requests return result values ({ ok, … } or { ok: false, error })
 * rather than throwing, so every failure reaching the popup carries a docs/architecture.md §3 code.
 * Only extension pages (popup, options) may send the "ui" messages; the background checks the
 * sender. The content script only ever receives messages, from the background.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CardRecord } from '../../src/card/record';
import type { LatinName } from '../../src/card/latin-name';
import type { ErrorInfo } from '../../src/errors';
import type { FillPlan, FillReport, SiteRule } from '../../src/fill/engine';
import type { ReaderSummary, StatusReply } from '../../src/protocol/messages';
import type { VersionCheck } from '../../src/protocol/version';

export type VersionWords = NonNullable<VersionCheck['words']>;

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
    /**
     * Host and extension talk but come from different releases (src/protocol/version.ts): which one to update and
     * how, in both languages. Absent or null when they match.
     */
    versionNote?: VersionWords | null;
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

/**
 * A plan that could not be made because the page is not on the site list carries what
 * "Allow CardFill on <site>" would add (`entry`) and the host permission it asks for (`pattern`).
 */
export interface AllowOffer {
  site: string;
  entry: string;
  pattern: string;
}
export type PlanResult = { ok: true; plan: FillPlan; insecure: boolean } | { ok: false; error: ErrorInfo; allow?: AllowOffer };

export interface UiProtocol {
  getState(): Result<{ state: PublicState }>;
  readCard(): Result<{ card: CardRecord }>;
  /** Stop the read in progress (the host's `cancel` for that read). */
  cancelRead(): Result<{ cancelled: boolean }>;
  clearCard(): Result<object>;
  /** Build the fill plan in the given tab's top frame from the (possibly edited) card. */
  planFill(data: { tabId: number; card: CardRecord; latinName?: LatinName | null }): PlanResult;
  /**
   * "Allow CardFill on <site>": the popup got the host permission (permissions.request, a user
   * gesture there); the background adds the tab's site or intranet origin to the site list.
   */
  allowSite(data: { tabId: number }): Result<{ entry: string }>;
  /**
   * Fill the approved items of the plan made last for this tab; `edits` are values the person changed in the plan
   * (item id → text), checked again in the background (src/fill/plan-edits.ts).
   */
  fill(data: { tabId: number; planId: string; approvedIds: string[]; edits?: Record<string, string> }): Result<{ report: FillReport }>;
  hostDoctor(): Result<{ report: HostReport }>;
}

export interface ContentProtocol {
  contentPlan(data: {
    card: CardRecord;
    siteRules?: SiteRule[];
    allowHttp?: boolean;
    latinName?: LatinName | null;
  }): Result<{ plan: FillPlan }>;
  contentFill(data: { plan: FillPlan }): Result<{ report: FillReport }>;
  /** Drop every plan this page holds (Clear, lock, card removed, timeout, after a fill). */
  contentForget(): { ok: true; dropped: number };
  /** The control last right-clicked in this frame, as a stable selector and its label (no value). */
  contentTarget(data: { targetElementId?: number } | undefined): Result<{ selector: string; label: string }>;
}

export const ui = defineExtensionMessaging<UiProtocol>();
export const content = defineExtensionMessaging<ContentProtocol>();

export const STATE_PORT = 'cardfill-state';
