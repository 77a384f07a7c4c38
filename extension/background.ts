/**
 * The background service worker: the only place that talks to the native host and the only place
 * card data lives (README.md, SECURITY.md). It answers the popup and options pages — never web
 * pages: there is no externally_connectable and no listener a page can reach. Reads start from a
 * person: the popup's Read button, the keyboard command, the context menu, or (staff mode)
 * placing a card.
 *
 * This file only wires the modules of extension/background/ to the browser and starts them; each
 * module gets what it needs passed in and is tested on its own (test/extension/background/).
 */
import browser from 'webextension-polyfill';
import { acceptLatinName } from '../src/card/latin-name';
import { badgePainter } from './background/badge';
import { CardStore } from './background/card-store';
import { createTeachMenu, taughtFieldOf, teachField } from './background/context-menu';
import { CONTENT_SCRIPT, FillController } from './background/fill-controller';
import { FillCounter } from './background/fill-counter';
import { FillFlow } from './background/fill-flow';
import { fromExtensionPage, guardHandlers, type Sender } from './background/handlers';
import { HostLink } from './background/host-link';
import { NativeHostPort, type NativeRuntime } from './background/native-port';
import { ReadFlow } from './background/read-flow';
import { activeWebTab, openReview } from './background/review';
import { createMenu, registerShortcuts, type ShortcutDeps } from './background/shortcuts';
import { StaffWatcher } from './background/staff-mode';
import { readerEventHandler } from './background/staff-wiring';
import { BackgroundState } from './background/state';
import { loadLanguage, t } from './shared/i18n';
import { content, STATE_PORT, ui } from './shared/messages';
import { loadSettings, onSettingsChanged, requestReader, saveSettings } from './shared/settings';
import { saveSiteRule } from './shared/site-rules';

// ---- The parts ----------------------------------------------------------------------------------

const host = new NativeHostPort(browser.runtime as unknown as NativeRuntime);
const store = new CardStore();
const counter = new FillCounter();
const state = new BackgroundState(store);
const statePorts = new Set<browser.Runtime.Port>();

async function readerKey(): Promise<{ reader?: string }> {
  const reader = requestReader((await loadSettings()).reader);
  return reader ? { reader } : {};
}

async function tabUrl(tabId: number): Promise<string | undefined> {
  return (await browser.tabs.get(tabId)).url;
}

async function inject(tabId: number, frameId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [CONTENT_SCRIPT] });
}

const link = new HostLink({ host, state, readerKey, extensionVersion: browser.runtime.getManifest().version });
const filler = new FillController();
const reads = new ReadFlow({
  host,
  link,
  state,
  cards: store,
  readSettings: async () => {
    const settings = await loadSettings();
    return { ...(await readerKey()), clearAfterSeconds: settings.clearAfterSeconds };
  },
  forgetPlans: () => filler.forget(),
});
const fills = new FillFlow({
  filler,
  cards: store,
  state,
  countFill: () => counter.increment(),
  afterFillSettings: loadSettings,
  clearCard: () => reads.clearCard(),
  addSite: async (entry) => {
    const settings = await loadSettings();
    if (!settings.siteAllowList.includes(entry)) await saveSettings({ siteAllowList: [...settings.siteAllowList, entry] });
  },
});

// ---- State for the popup and the badge ----------------------------------------------------------

state.subscribe((snapshot) => {
  for (const port of statePorts) port.postMessage(snapshot);
});
state.subscribe(badgePainter(browser.action, t));
store.onChange(() => state.update());
// The card's time is up: forget everything made from it, through the one clear path.
store.onExpired(() => void reads.clearCard());

const isOwnPage = (sender: Sender) => fromExtensionPage(sender, browser.runtime.id, browser.runtime.getURL(''));

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== STATE_PORT || !isOwnPage(port.sender as Sender)) {
    port.disconnect();
    return;
  }
  statePorts.add(port);
  port.onDisconnect.addListener(() => statePorts.delete(port));
  port.postMessage(state.snapshot());
  // The count is per day: a popup opened after midnight must not show yesterday's.
  void counter.today().then((n) => {
    if (n !== state.current.fillsToday) state.update({ fillsToday: n });
  });
});

// ---- Messages from CardFill's own pages ---------------------------------------------------------

const handlers = guardHandlers(
  {
    getState: () => ({ ok: true, state: state.snapshot() }),
    readCard: () => reads.readCard(),
    cancelRead: () => reads.cancelRead(),
    clearCard: () => reads.clearCard(),
    planFill: (data) => fills.planFill(data.tabId, data.card, acceptLatinName(data.latinName)),
    fill: (data) => fills.fill(data.tabId, data.planId, data.approvedIds, data.edits),
    allowSite: (data) => fills.allowSite(data.tabId),
    hostDoctor: async () => ({ ok: true, report: await link.report() }),
  },
  isOwnPage,
);
for (const name of Object.keys(handlers) as (keyof typeof handlers)[]) {
  ui.onMessage(name, handlers[name] as never);
}

// ---- Staff mode ---------------------------------------------------------------------------------

const onReaderEvent = readerEventHandler({
  reads,
  state,
  hasCard: () => store.card !== null,
  reviewOpen: () => statePorts.size > 0,
  showReview: async () => {
    const tabId = await activeWebTab();
    await openReview(tabId, { activeTabId: tabId });
  },
});

const staff = new StaffWatcher(
  host,
  async () => {
    await link.connect();
  },
  (event) => void onReaderEvent(event),
  (watching) => state.update({ watching }),
);

// ---- Keyboard command and context menus ---------------------------------------------------------

const shortcuts: ShortcutDeps = { hasCard: () => store.card !== null, readCard: () => reads.readCard(), menuTitle: () => t('contextFill') };
registerShortcuts(shortcuts);
browser.contextMenus?.onClicked.addListener((info, tab) => {
  if (taughtFieldOf(info.menuItemId) === null) return;
  void teachField(
    {
      tabUrl,
      inject,
      askTarget: (tabId, frameId, targetElementId) =>
        content.sendMessage('contentTarget', targetElementId === undefined ? {} : { targetElementId }, { tabId, frameId }),
      saveRule: saveSiteRule,
    },
    info,
    tab,
  );
});

async function createMenus(): Promise<void> {
  await createMenu(shortcuts);
  if (browser.contextMenus) createTeachMenu(browser.contextMenus as never, t);
}

// ---- Start-up and settings ----------------------------------------------------------------------

async function applySettings(): Promise<void> {
  const settings = await loadSettings();
  await loadLanguage(settings.language).catch(() => undefined);
  await createMenus().catch(() => undefined);
  state.update({ staffMode: settings.staffMode });
  await staff.configure(settings.staffMode, requestReader(settings.reader) ?? null);
}

// The machine locking is a reason to forget the card.
browser.idle?.onStateChanged.addListener((idleState) => {
  if (idleState === 'locked') void reads.clearCard();
});

store.listen();
onSettingsChanged(() => void applySettings());
void store.restore();
void counter.today().then((n) => state.update({ fillsToday: n }));
void applySettings();
