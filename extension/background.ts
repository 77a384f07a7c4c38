/**
 * The background service worker: the only place that talks to the native host and the only place
 * card data lives (DESIGN.md §1, §7). It answers the popup and options pages — never web pages:
 * there is no externally_connectable and no listener a page can reach. Reads start from a person:
 * the popup's Read button, the keyboard command, the context menu, or (staff mode) placing a card.
 */
import browser from 'webextension-polyfill';
import type { CardRecord } from '../src/card/record';
import { CardFillError, toErrorInfo, type ErrorInfo } from '../src/errors';
import type { CardEvent } from '../src/protocol/messages';
import { CardStore } from './background/card-store';
import { acceptEditedCard } from './background/edited-card';
import { FillController } from './background/fill-controller';
import { FillCounter } from './background/fill-counter';
import { NativeHostPort } from './background/native-port';
import { activeWebTab, openReview } from './background/review';
import { createMenu, registerShortcuts, type ShortcutDeps } from './background/shortcuts';
import { StaffWatcher } from './background/staff-mode';
import { loadLanguage, t } from './shared/i18n';
import { STATE_PORT, ui, type HostReport, type PublicState, type Result } from './shared/messages';
import { loadSettings, onSettingsChanged, requestReader } from './shared/settings';

const host = new NativeHostPort();
const store = new CardStore();
const filler = new FillController();
const counter = new FillCounter();
const statePorts = new Set<browser.Runtime.Port>();

const state: Omit<PublicState, 'card' | 'expiresAt'> = {
  host: { state: 'unknown', version: null, reader: null, error: null, update: null },
  phase: 'idle',
  error: null,
  readingSince: null,
  staffMode: false,
  watching: false,
  fillsToday: 0,
};

function publicState(): PublicState {
  const phase = store.card && state.phase !== 'reading' ? 'card' : state.phase === 'card' ? 'idle' : state.phase;
  return { ...state, phase, card: store.card, expiresAt: store.expiresAt };
}

function broadcast(): void {
  const snapshot = publicState();
  for (const port of statePorts) port.postMessage(snapshot);
  void updateBadge(snapshot);
}

/** The toolbar badge says what is going on without opening the popup (issue 5 §6). */
async function updateBadge(s: PublicState): Promise<void> {
  const [text, color, title] =
    s.phase === 'reading' ? ['…', '#57606a', t('badgeReading')]
      : s.card ? ['ID', '#1a7f37', t('badgeCard')]
        : s.phase === 'error' ? ['!', '#cf222e', t('badgeError')]
          : s.watching ? ['', '#1d4ed8', t('badgeWatching')]
            : ['', '#1d4ed8', t('actionTitle')];
  try {
    await Promise.all([
      browser.action.setBadgeText({ text }),
      browser.action.setBadgeBackgroundColor({ color }),
      browser.action.setTitle({ title }),
    ]);
  } catch {
    // Not fatal: the popup shows the same state.
  }
}

/** The `reader` key of a host request, from the settings (see requestReader). */
function readerOf(settings: { reader: string | null }): { reader?: string } {
  const reader = requestReader(settings.reader);
  return reader ? { reader } : {};
}

function fail(e: unknown): { ok: false; error: ErrorInfo } {
  return { ok: false, error: toErrorInfo(e) };
}

/** Privileged requests come only from this extension's own pages, never from content scripts. */
function fromExtensionPage(sender: chrome.runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && !sender.tab?.url?.match(/^(https?|file|ftp):/) && (sender.url ?? '').startsWith(browser.runtime.getURL(''));
}

async function connectHost(): Promise<void> {
  if (state.host.state !== 'ready') {
    state.host = { ...state.host, state: 'connecting', error: null };
    broadcast();
  }
  try {
    const hello = await host.connect();
    state.host = { state: 'ready', version: hello.version, reader: hello.readers[0]?.name ?? null, error: null, update: null };
  } catch (e) {
    const error = toErrorInfo(e);
    const hostState = error.code === 'HOST_NOT_FOUND' ? 'missing' : error.code === 'VERSION_MISMATCH' ? 'mismatch' : 'error';
    state.host = { state: hostState, version: null, reader: null, error, update: hostState === 'mismatch' ? host.mismatchSide ?? 'host' : null };
    throw e;
  } finally {
    broadcast();
  }
}

let reading: Promise<Result<{ card: CardRecord }>> | null = null;
/** The host request id of the read in progress, and whether the person cancelled it. */
let readRequest: { id: number | null; cancelled: boolean } | null = null;

/** One read at a time: a second Read while one runs waits for the same result. */
function readCard(): Promise<Result<{ card: CardRecord }>> {
  reading ??= doRead().finally(() => {
    reading = null;
  });
  return reading;
}

async function doRead(): Promise<Result<{ card: CardRecord }>> {
  // A new read replaces the card shown: forget it first, so a failed read shows its error
  // (not the previous person's data) and nothing older than the last read stays in memory.
  filler.forget();
  await store.clear();
  state.phase = 'reading';
  state.error = null;
  state.readingSince = Date.now();
  readRequest = { id: null, cancelled: false };
  const current = readRequest;
  broadcast();
  try {
    await connectHost();
    const settings = await loadSettings();
    if (current.cancelled) throw new CardFillError('READ_FAILED', 'The read was cancelled');
    const reply = await host.request({ type: 'read', photo: true, ...readerOf(settings) }, undefined, (id) => {
      current.id = id;
      // Cancel pressed while the host was still starting: cancel as soon as the read is sent.
      if (current.cancelled) void host.request({ type: 'cancel', target: id }, 5_000).catch(() => undefined);
    });
    if (reply.type === 'error') throw new CardFillError(reply.error.code, reply.error.message);
    if (reply.type !== 'card') throw new CardFillError('INTERNAL', 'The host answered a read with something else');
    filler.forget();
    await store.set(reply.card, settings.clearAfterSeconds);
    state.phase = 'card';
    return { ok: true, card: reply.card };
  } catch (e) {
    // A read the person cancelled ends quietly, back where it started.
    const cancelled = readRequest?.cancelled === true;
    state.phase = cancelled ? 'idle' : 'error';
    state.error = cancelled ? null : toErrorInfo(e);
    return fail(e);
  } finally {
    readRequest = null;
    state.readingSince = null;
    broadcast();
  }
}

/** Cancel: the host stops the reader, then answers the read (cancelled). */
async function cancelRead(): Promise<Result<object>> {
  const current = readRequest;
  if (!current) return { ok: true };
  current.cancelled = true;
  if (current.id === null) return { ok: true }; // sent as soon as the read is
  try {
    await host.request({ type: 'cancel', target: current.id }, 5_000);
    return { ok: true };
  } catch (e) {
    return fail(e);
  }
}

async function clearCard(): Promise<void> {
  filler.forget();
  await store.clear();
  state.phase = 'idle';
  state.error = null;
  broadcast();
}

ui.onMessage('getState', ({ sender }) => {
  if (!fromExtensionPage(sender)) throw new Error('not allowed');
  return publicState();
});
ui.onMessage('readCard', ({ sender }) => (fromExtensionPage(sender) ? readCard() : fail(notAllowed())));
ui.onMessage('cancelRead', ({ sender }) => (fromExtensionPage(sender) ? cancelRead() : fail(notAllowed())));
ui.onMessage('clearCard', async ({ sender }) => {
  if (!fromExtensionPage(sender)) return fail(notAllowed());
  await clearCard();
  return { ok: true };
});
ui.onMessage('planFill', async ({ sender, data }) => {
  if (!fromExtensionPage(sender)) return fail(notAllowed());
  const original = store.card;
  if (!original) return fail(new CardFillError('NO_CARD', 'No card data; read the card first'));
  try {
    // The popup sends the person's edited copy; only correctable text facts are taken from it.
    return { ok: true, plan: await filler.plan(data.tabId, acceptEditedCard(original, data.card)) };
  } catch (e) {
    return fail(e);
  }
});
ui.onMessage('fill', async ({ sender, data }) => {
  if (!fromExtensionPage(sender)) return fail(notAllowed());
  if (!store.card) return fail(new CardFillError('NO_CARD', 'The card data was cleared; read the card again'));
  try {
    const report = await filler.fill(data.tabId, data.planId, data.approvedIds);
    const settings = await loadSettings();
    if (report.filled.length > 0) state.fillsToday = await counter.increment();
    // Staff mode: place card → glance → fill → next, with nothing left behind (issue 5 §6).
    if (settings.clearAfterFill || settings.staffMode) await clearCard();
    broadcast();
    return { ok: true, report };
  } catch (e) {
    return fail(e);
  }
});
ui.onMessage('hostDoctor', async ({ sender }) => {
  if (!fromExtensionPage(sender)) return fail(notAllowed());
  try {
    await connectHost();
    const hello = await host.connect();
    const settings = await loadSettings();
    const report: HostReport = { version: hello.version, protocol: hello.protocol, readers: hello.readers, status: null, readerError: null };
    const reply = await host.request({ type: 'status', ...readerOf(settings) }, 20_000).catch((e: unknown) => ({
      type: 'error' as const, id: null, error: toErrorInfo(e),
    }));
    if (reply.type === 'status') report.status = reply;
    else if (reply.type === 'error') report.readerError = reply.error;
    return { ok: true, report };
  } catch (e) {
    return fail(e);
  }
});

function notAllowed(): CardFillError {
  return new CardFillError('NOT_ALLOWED', 'Only CardFill’s own pages may ask for card data');
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== STATE_PORT || !fromExtensionPage(port.sender as chrome.runtime.MessageSender)) {
    port.disconnect();
    return;
  }
  statePorts.add(port);
  port.onDisconnect.addListener(() => statePorts.delete(port));
  port.postMessage(publicState());
  // The count is per day: a popup opened after midnight must not show yesterday's.
  void counter.today().then((n) => {
    if (n === state.fillsToday) return;
    state.fillsToday = n;
    broadcast();
  });
});

host.onDisconnect((error) => {
  state.host = { state: error.code === 'HOST_NOT_FOUND' ? 'missing' : 'unknown', version: null, reader: null, error: null, update: null };
  broadcast();
});

// ---- Staff mode -------------------------------------------------------------------------------

const staff = new StaffWatcher(host, connectHost, (event) => void onReaderEvent(event), (watching) => {
  state.watching = watching;
  broadcast();
});

async function onReaderEvent(event: CardEvent): Promise<void> {
  switch (event) {
    case 'card-present': {
      // A newly placed card replaces whatever was shown; the popup refreshes through the state port.
      const result = await readCard();
      if (result.ok && statePorts.size === 0) await showReview(await activeWebTab());
      return;
    }
    case 'card-removed':
      // DESIGN §7: staff mode forgets the data when the host reports the card removed.
      await clearCard();
      return;
    case 'reader-gone':
      if (!store.card) {
        state.phase = 'error';
        state.error = new CardFillError('NO_READER', 'The reader was unplugged').toJSON();
        broadcast();
      }
      return;
    case 'reader-back':
      if (state.phase === 'error' && state.error?.code === 'NO_READER') {
        state.phase = 'idle';
        state.error = null;
        broadcast();
      }
      return;
  }
}

async function showReview(tabId: number | null): Promise<void> {
  try {
    await openReview(tabId, { activeTabId: tabId });
  } catch {
    // No window to open into (e.g. all windows closed): the badge still shows the card.
  }
}

// ---- Keyboard command and context menu (issue 5 §7) -------------------------------------------

const shortcuts: ShortcutDeps = { hasCard: () => store.card !== null, readCard, menuTitle: () => t('contextFill') };
registerShortcuts(shortcuts);

// ---- Start-up and settings --------------------------------------------------------------------

async function applySettings(): Promise<void> {
  const settings = await loadSettings();
  await loadLanguage(settings.language).catch(() => undefined);
  await createMenu(shortcuts).catch(() => undefined);
  state.staffMode = settings.staffMode;
  broadcast();
  await staff.configure(settings.staffMode, requestReader(settings.reader) ?? null);
}

// The machine locking is a reason to forget the card (DESIGN §7).
browser.idle?.onStateChanged.addListener((idleState) => {
  if (idleState === 'locked') void clearCard();
});

store.onChange(broadcast);
store.listen();
onSettingsChanged(() => void applySettings());
void store.restore();
void counter.today().then((n) => {
  state.fillsToday = n;
  broadcast();
});
void applySettings();
