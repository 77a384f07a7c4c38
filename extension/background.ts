/**
 * The background service worker: the only place that talks to the native host and the only place
 * card data lives (DESIGN.md §1, §7). It answers the popup and options pages — never web pages:
 * there is no externally_connectable and no listener a page can reach.
 */
import browser from 'webextension-polyfill';
import type { CardRecord } from '../src/card/record';
import { CardFillError, toErrorInfo, type ErrorInfo } from '../src/errors';
import { CardStore } from './background/card-store';
import { FillController } from './background/fill-controller';
import { NativeHostPort } from './background/native-port';
import { STATE_PORT, ui, type PublicState, type Result } from './shared/messages';
import { loadSettings } from './shared/settings';

const host = new NativeHostPort();
const store = new CardStore();
const filler = new FillController();
const statePorts = new Set<browser.Runtime.Port>();

const state: Omit<PublicState, 'card' | 'expiresAt'> = {
  host: { state: 'unknown', version: null, reader: null, error: null },
  phase: 'idle',
  error: null,
  staffMode: false,
  fillsToday: 0,
};

function publicState(): PublicState {
  return { ...state, card: store.card, expiresAt: store.expiresAt, phase: store.card && state.phase !== 'reading' ? 'card' : state.phase };
}

function broadcast(): void {
  const snapshot = publicState();
  for (const port of statePorts) port.postMessage(snapshot);
}

function fail(e: unknown): { ok: false; error: ErrorInfo } {
  return { ok: false, error: toErrorInfo(e) };
}

/** Privileged requests come only from this extension's own pages, never from content scripts. */
function fromExtensionPage(sender: chrome.runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && !sender.tab?.url?.match(/^(https?|file|ftp):/) && (sender.url ?? '').startsWith(browser.runtime.getURL(''));
}

async function connectHost(): Promise<void> {
  state.host = { ...state.host, state: 'connecting', error: null };
  broadcast();
  try {
    const hello = await host.connect();
    state.host = { state: 'ready', version: hello.version, reader: hello.readers[0]?.name ?? null, error: null };
  } catch (e) {
    const error = toErrorInfo(e);
    const hostState = error.code === 'HOST_NOT_FOUND' ? 'missing' : error.code === 'VERSION_MISMATCH' ? 'mismatch' : 'error';
    state.host = { state: hostState, version: null, reader: null, error };
    throw e;
  } finally {
    broadcast();
  }
}

async function readCard(): Promise<Result<{ card: CardRecord }>> {
  state.phase = 'reading';
  state.error = null;
  broadcast();
  try {
    await connectHost();
    const settings = await loadSettings();
    const reply = await host.request({ type: 'read', photo: true, ...(settings.reader ? { reader: settings.reader } : {}) });
    if (reply.type === 'error') throw new CardFillError(reply.error.code, reply.error.message);
    if (reply.type !== 'card') throw new CardFillError('INTERNAL', 'The host answered a read with something else');
    filler.forget();
    await store.set(reply.card, settings.clearAfterSeconds);
    state.phase = 'card';
    return { ok: true, card: reply.card };
  } catch (e) {
    state.phase = 'error';
    state.error = toErrorInfo(e);
    return fail(e);
  } finally {
    broadcast();
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
ui.onMessage('clearCard', async ({ sender }) => {
  if (!fromExtensionPage(sender)) return fail(notAllowed());
  await clearCard();
  return { ok: true };
});
ui.onMessage('planFill', async ({ sender, data }) => {
  if (!fromExtensionPage(sender)) return fail(notAllowed());
  // The popup may send an edited copy; it must still be the card that was read in this session.
  if (!store.card) return fail(new CardFillError('NO_CARD', 'No card data; read the card first'));
  try {
    return { ok: true, plan: await filler.plan(data.tabId, data.card) };
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
    if (report.filled.length > 0) state.fillsToday += 1;
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
    const settings = await loadSettings();
    const reply = await host.request({ type: 'status', ...(settings.reader ? { reader: settings.reader } : {}) });
    if (reply.type === 'error') throw new CardFillError(reply.error.code, reply.error.message);
    return { ok: true, status: reply };
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
});

host.onDisconnect((error) => {
  state.host = { state: error.code === 'HOST_NOT_FOUND' ? 'missing' : 'unknown', version: null, reader: null, error: null };
  broadcast();
});

// The machine locking is a reason to forget the card (DESIGN §7).
browser.idle?.onStateChanged.addListener((idleState) => {
  if (idleState === 'locked') void clearCard();
});

store.onChange(broadcast);
store.listen();
void store.restore();
void loadSettings().then((s) => {
  state.staffMode = s.staffMode;
});
