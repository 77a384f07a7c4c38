/**
 * The fill engine (DESIGN.md §6): scan the page, classify controls, format the card's facts for each, and
 * produce a plan the person reviews; then write only approved items, document type first, and report.
 * Elements live only in this in-memory registry (never marked in the page's DOM, which the page could read).
 */
import type { CardRecord } from '../card/record.js';
import { siteProfileFor } from '../sites/index.js';
import type { SiteProfile } from '../sites/types.js';
import { classifyField, decideForm, sectionForbids, type Classification } from './classifier.js';
import { detectDateFormat, fieldOption, fieldText, latinFieldText } from './format.js';
import type { LatinName } from '../card/latin-name.js';
import { hasHan } from './text.js';
import type { FieldKind, FillPlan, FillPlanItem, FillRefusal, FillReport, ChoiceOption } from './types.js';
import { coverageAllies, problemOf, scanPage, type ScannedControl } from './scan.js';
import type { Control, WriteValue } from './drivers/types.js';
import { sleep } from './drivers/types.js';
import { notViewable } from './visibility.js';
import { WriteRefused } from './write-gate.js';
import { waitForSettle } from './settle.js';
import { labelsOf, sectionOf, withLabelIndex } from './labels.js';

export type { FillPlan, FillPlanItem, FillReport, FillRefusal, FieldKind } from './types.js';

/** Fill order of reference/target-forms.md §9: document type, number, name, sex/birth/country, validity. */
const ORDER: FieldKind[] = [
  'documentType', 'documentNumber', 'fullName', 'nameZh', 'nameEn', 'surnameEn', 'givenNameEn', 'sex',
  'birthYear', 'birthMonth', 'birthDay', 'birthDate', 'nationality', 'ethnicity', 'address', 'issuer',
  'validFrom', 'validUntil', 'passNumber', 'issueCount',
];
/** Date fields: a readonly calendar input (12306 jcalendar, My97) is still written (reference §9). */
const DATE_FIELDS = new Set<FieldKind>(['birthDate', 'validFrom', 'validUntil']);
/** How long to wait for rows the page reveals after the document type changes (bounded; reference §2.5). */
const DEPENDENT_ROWS_WAIT_MS = 2000;
/** The page may rewrite a value (input masks, watchers); re-read after this long (issue 4 §6). */
const REREAD_AFTER_MS = 300;
/** How long a field that was visible at plan time may stay covered (a closing dropdown) before it is skipped. */
const COVER_SETTLE_MS = 2000;
/**
 * At most this many controls that classify as card fields get the costly never-list checks (computed style up the
 * ancestors, geometry, elementFromPoint). A real form has a few dozen; this bounds the work on a hostile page that
 * labels thousands of controls 姓名. (The scan used to cap all controls at 400 before classifying: scan.ts.)
 */
const MAX_CHECKED = 400;
/** The plan's reason for a value longer than the field's maxlength (never truncated). */
export const TOO_LONG = 'too long for this field';

interface Entry {
  control: Control;
  field: FieldKind;
  write: WriteValue | null;
  /** For widgets whose options are known only after opening: chooses the option then. */
  choose?: (options: ChoiceOption[]) => ChoiceOption | null;
  display: string;
  /** Texts to search a searchable widget list for (the display text and other names of the same thing). */
  hints?: string[];
  pending: boolean;
}
interface Registered { url: string; entries: Map<string, Entry> }

const registry = new Map<string, Registered>();
const MAX_PLANS = 4;
/**
 * DESIGN.md §7: card data is short-lived. A plan (which holds the values to write) is used once and otherwise
 * forgotten after the default card lifetime of 2 minutes.
 */
const PLAN_TTL_MS = 120_000;

function newPlanId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `plan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');
}

function pageLang(doc: Document, c: Classification): 'zh' | 'en' {
  if (c.lang === 'en' && c.source !== 'attribute') return 'en';
  if (c.source === 'attribute' || c.source === 'autocomplete') {
    const lang = (doc.documentElement.getAttribute('lang') ?? '').toLowerCase();
    if (lang.startsWith('en')) return 'en';
    if (lang.startsWith('zh')) return 'zh';
    return hasHan(doc.body?.innerText?.slice(0, 2000) ?? '') ? 'zh' : 'en';
  }
  return c.lang;
}

function classify(sc: ScannedControl, profile: SiteProfile | null): Classification | null {
  const { control } = sc;
  if (profile?.ignore?.some((s) => control.element.matches(s) || control.surface.matches(s))) return null;
  // A password field that looks like a card field is reported as refused, never filled.
  if (control.control === 'password') return classifyField({ ...control.cues, control: 'text' });
  if (profile?.fields) {
    for (const [field, sel] of Object.entries(profile.fields) as [FieldKind, string][]) {
      if (control.element.matches(sel) || control.surface.matches(sel)) {
        return { field, source: 'label', lang: 'zh', cue: control.label };
      }
    }
  }
  return classifyField(control.cues);
}

/**
 * Classify every scanned control, then make the decisions that need the whole form (classifier.ts `decideForm`:
 * a bare "Name" beside a surname field is the given name, a structured postal address takes no card address, split
 * dates). Only controls that classify as card fields pay for the section check (payment / contact-person blocks).
 */
function classifyAll(controls: ScannedControl[], profile: SiteProfile | null): (Classification | null)[] {
  const first = controls.map((sc) => classify(sc, profile));
  const members = controls.map((sc, i) => {
    const c = sc.control;
    let cls = first[i] ?? null;
    if (cls && !isProfileField(c, profile) && sectionForbids(sectionOf(c.surface))) cls = null;
    // The option list of another widget's dropdown (男/女 items of a select) is that widget's, not a control.
    if (cls && c.surface.closest(DROPDOWN_LIST)) cls = null;
    // A region picker (cascader) holds province/city/district, not the card's one-line address.
    if (cls?.field === 'address' && c.surface.closest(REGION_PICKER)) cls = null;
    return { cls, cues: c.cues, form: (c.surface.closest('form') ?? c.surface.getRootNode()) as unknown, group: c.surface.parentElement as unknown };
  });
  return decideForm(members);
}

const DROPDOWN_LIST = '.el-select-dropdown, .ant-select-dropdown, .el-cascader-panel, .layui-anim-upbit';
const REGION_PICKER = '.el-cascader, .ant-cascader, .ant-select-cascader, .layui-cascader, .van-cascader';

/** A field that takes a Latin name (or a Chinese name part split with it). */
function wantsLatinName(cls: Classification): boolean {
  return cls.field === 'nameEn' || cls.field === 'surnameEn' || cls.field === 'givenNameEn' || (cls.field === 'fullName' && cls.script === 'latin');
}

function isProfileField(c: Control, profile: SiteProfile | null): boolean {
  return !!profile?.fields && Object.values(profile.fields).some((sel) => !!sel && (c.element.matches(sel) || c.surface.matches(sel)));
}

/** Values for one control, or null when the card has nothing for it / the list has no fitting option. */
function valueFor(card: CardRecord, field: FieldKind, c: Control, cls: Classification, profile: SiteProfile | null, latin: LatinName | null):
  { write: WriteValue | null; choose?: Entry['choose']; display: string; hints?: string[]; derived?: boolean } | 'no-option' | 'too-long' | null {
  const lang = pageLang(c.element.ownerDocument, cls);
  const listLike = c.control === 'select' || c.control === 'radio';
  if (listLike) {
    const choose = (options: ChoiceOption[]) => {
      let o = fieldOption(card, field, options, profile?.nationalityValues);
      if (!o && field === 'documentType' && profile?.documentTypeFallback) o = profile.documentTypeFallback(card, options);
      return o;
    };
    if (c.options) {
      if (fieldText(card, field, { lang }) === null && field !== 'birthYear' && field !== 'birthMonth' && field !== 'birthDay') return null;
      const o = choose(c.options);
      // The day list is rebuilt after year and month are set (reference §9): a day missing now is looked for then.
      if (!o && field === 'birthDay') {
        const day = fieldText(card, field, { lang });
        return day === null ? null : { write: null, choose, display: day, hints: [day] };
      }
      if (!o) return 'no-option';
      return { write: { kind: 'option', option: o }, display: o.text || o.value };
    }
    const text = fieldText(card, field, { lang });
    if (text === null) return null;
    const hints = [text, ...searchHints(card, field)].filter((h, i, a) => h && a.indexOf(h) === i);
    return { write: null, choose, display: text, hints };
  }
  const el = c.element as HTMLInputElement;
  // Latin names (src/fill/README.md "Latin names"): the chip's English name, or pinyin derived from the Chinese name.
  const latinText = latinFieldText(card, field, latin, { lang, script: cls.script, hints: [c.cues.placeholder, ...c.cues.labels] });
  if (latinText !== undefined) {
    if (latinText === null) return null;
    return fitLength(el, { write: { kind: 'text' as const, text: latinText.text }, display: latinText.text, derived: latinText.derived });
  }
  const nativeDate = c.control === 'date';
  const dateFormat = detectDateFormat([el.getAttribute('placeholder'), el.getAttribute('data-format'), el.getAttribute('pattern'),
    el.value, ...c.cues.labels]);
  const text = fieldText(card, field, { lang, dateFormat, nativeDate });
  if (text === null) return null;
  return fitLength(el, { write: { kind: 'text' as const, text }, display: text });
}

/** A value longer than the field's maxlength is not cut: the plan says it is too long (the person decides). */
function fitLength<T extends { display: string }>(el: HTMLInputElement, v: T): T | 'too-long' {
  const max = el.maxLength;
  return typeof max === 'number' && max > 0 && [...v.display].length > max ? 'too-long' : v;
}

/** Other words a searchable list may use for the same fact (English country name, short document names). */
function searchHints(card: CardRecord, field: FieldKind): string[] {
  if (field === 'nationality' && card.nationality) return [card.nationality.nameZh ?? '', card.nationality.nameEn ?? '', card.nationality.alpha3];
  if (field === 'documentType') {
    if (card.kind === 'resident') return ['身份证'];
    if (card.kind === 'hmt-residence-permit') return ['居住证'];
    return ['永久居留', '永居'];
  }
  if (field === 'ethnicity' && card.ethnicity?.nameZh) return [card.ethnicity.nameZh.replace(/族$/, '')];
  return [];
}

/** One control as the classifier sees it, for scripts/classifier-report.mjs (no card data involved). */
export interface InspectedControl { key: string; label: string; field: FieldKind | null; problem: string | null }

/** Scan and classify the page without a card: what each control would be taken for. */
export function inspectPage(doc: Document = document): { site: string | null; controls: InspectedControl[] } {
  let profile: SiteProfile | null = null;
  try { profile = siteProfileFor(new URL(doc.location?.href ?? doc.URL)); } catch { profile = null; }
  return withLabelIndex(() => {
    const scan = scanPage(doc);
    const classes = classifyAll(scan.controls, profile);
    return {
      site: profile?.id ?? null,
      controls: scan.controls.map((sc, i) => {
        const el = sc.control.element;
        // Framework-generated names/ids (React useId, Element Plus) change between loads: key those by label.
        const name = el.getAttribute('name');
        const key = name && !/^(_r_|:r|el-id-|rc_)/.test(name) ? name : `label:${displayLabel(sc.control.label)}`;
        return { key, label: displayLabel(sc.control.label), field: classes[i]?.field ?? null, problem: problemOf(sc) };
      }),
    };
  });
}

/** Each scanned control with its page elements and the field it is taken for (scripts/classifier-report.mjs). */
export function inspectElements(doc: Document = document): { elements: Element[]; field: FieldKind | null; problem: string | null; label: string }[] {
  let profile: SiteProfile | null = null;
  try { profile = siteProfileFor(new URL(doc.location?.href ?? doc.URL)); } catch { profile = null; }
  return withLabelIndex(() => {
    const scan = scanPage(doc);
    const classes = classifyAll(scan.controls, profile);
    return scan.controls.map((sc, i) => ({ elements: controlElements(sc.control), field: classes[i]?.field ?? null, problem: problemOf(sc), label: displayLabel(sc.control.label) }));
  });
}

function controlElements(c: Control): Element[] {
  return [c.element, c.surface, ...(c.members ?? [])];
}

/** Plan with the real engine and return each planned item with the page elements it would write (tests, report). */
export function inspectPlan(card: CardRecord, doc: Document = document, latinName: LatinName | null = null): { plan: FillPlan; targets: Record<string, Element[]> } {
  const plan = planFill(card, { root: doc, latinName });
  const reg = registry.get(plan.planId);
  const targets: Record<string, Element[]> = {};
  for (const [id, e] of reg?.entries ?? []) targets[id] = controlElements(e.control);
  return { plan, targets };
}

/** Plan a fill of the card into the current page. Nothing is written. */
export interface PlanOptions {
  root?: Document;
  /**
   * The holder's Latin name when the card has only a Chinese one (pinyin, computed outside the content script:
   * src/card/latin-name.ts, src/fill/README.md "Latin names"). I/Y cards carry their English name; it wins.
   */
  latinName?: LatinName | null;
}

export function planFill(fullCard: CardRecord, options: PlanOptions = {}): FillPlan {
  // One label index for the whole plan (labels.ts): the scan and partLabel share it.
  return withLabelIndex(() => makePlan(fullCard, options));
}

function makePlan(fullCard: CardRecord, options: PlanOptions): FillPlan {
  const doc = options.root ?? document;
  // The plan keeps only what it may write; the photo never stays in the page's process.
  const card: CardRecord = { ...fullCard, photo: null };
  const url = doc.location?.href ?? doc.URL;
  const planId = newPlanId();
  const items: FillPlanItem[] = [];
  const refused: FillRefusal[] = [];
  const entries = new Map<string, Entry>();
  let profile: SiteProfile | null = null;
  try { profile = siteProfileFor(new URL(url)); } catch { profile = null; }

  const plan: FillPlan = { planId, url, site: profile?.id ?? null, items, refused };
  let u: URL | null = null;
  try { u = new URL(url); } catch { /* about:blank and the like */ }
  if (u && u.protocol === 'http:' && !isLocalHost(u.hostname)) {
    refused.push({ label: u.host, reason: 'page is not secure (http:)' });
    remember(planId, url, entries);
    return plan;
  }

  const scan = scanPage(doc);
  refused.push(...scan.refusedFrames);
  const taken = new Set<FieldKind>();
  const latin = options.latinName ?? null;
  const candidates: { sc: ScannedControl; cls: Classification }[] = [];
  const classes = classifyAll(scan.controls, profile);
  for (let i = 0; i < scan.controls.length && candidates.length < MAX_CHECKED; i++) {
    const cls = classes[i];
    if (cls) candidates.push({ sc: scan.controls[i]!, cls });
  }
  // Visible controls first, so a hidden duplicate never takes a field a visible control has. Only card-field
  // candidates pay for the never-list checks (problemOf), so they cost the same wherever the rows are on the page.
  const problems = new Map(candidates.map((c) => [c, problemOf(c.sc)]));
  candidates.sort((a, b) => Number(!!problems.get(a)) - Number(!!problems.get(b)));
  let n = 0;
  const pendingCandidates: typeof candidates = [];
  for (const cand of candidates) {
    const { sc, cls } = cand;
    const c = sc.control;
    const label = partLabel(c, cls.field, displayLabel(c.label || cls.cue));
    if (c.control === 'password') { refused.push({ label, reason: 'password field' }); continue; }
    if (c.disabled) { refused.push({ label, reason: 'disabled' }); continue; }
    if (c.readonly && !c.widget && !DATE_FIELDS.has(cls.field)) { refused.push({ label, reason: 'read-only' }); continue; }
    const problem = problems.get(cand);
    if (problem) {
      if (problem === 'hidden' && !sc.frameProblem) pendingCandidates.push(cand);
      else refused.push({ label, reason: problem });
      continue;
    }
    // Only the document type may be set on several controls: 12306 registration has a select and sub-choice radios.
    if (taken.has(cls.field) && cls.field !== 'documentType') continue;
    const v = valueFor(card, cls.field, c, cls, profile, latin);
    if (v === null) {
      if (!latin && card.nameZh && !card.nameEn && wantsLatinName(cls)) plan.latinNameWanted = true;
      continue;
    }
    if (v === 'no-option') { refused.push({ label, reason: 'no option for this card' }); continue; }
    if (v === 'too-long') { refused.push({ label, reason: TOO_LONG }); continue; }
    taken.add(cls.field);
    const id = `f${++n}`;
    entries.set(id, { control: c, field: cls.field, write: v.write, choose: v.choose, display: v.display, hints: v.hints, pending: false });
    items.push({ id, field: cls.field, label, value: v.display, enabled: true, ...(v.derived ? { derived: true } : {}) });
  }
  // Hidden controls: the page may reveal them once the document type is chosen (12306 birth/sex/country rows).
  // They are written only if they are visible by then; otherwise they are refused as hidden.
  const planned = new Set(items.map((i) => i.field));
  for (const { sc, cls } of pendingCandidates) {
    const c = sc.control;
    const label = displayLabel(c.label || cls.cue);
    if (!planned.has('documentType') || (taken.has(cls.field) && cls.field !== 'documentType')) {
      refused.push({ label, reason: 'hidden' });
      continue;
    }
    const v = valueFor(card, cls.field, c, cls, profile, latin);
    if (v === null) {
      if (!latin && card.nameZh && !card.nameEn && wantsLatinName(cls)) plan.latinNameWanted = true;
      continue;
    }
    if (v === 'no-option') { refused.push({ label, reason: 'no option for this card' }); continue; }
    if (v === 'too-long') { refused.push({ label, reason: TOO_LONG }); continue; }
    taken.add(cls.field);
    const id = `f${++n}`;
    entries.set(id, { control: c, field: cls.field, write: v.write, choose: v.choose, display: v.display, hints: v.hints, pending: true });
    items.push({ id, field: cls.field, label, value: v.display, enabled: true, afterDocumentType: true, ...(v.derived ? { derived: true } : {}) });
  }
  items.sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field));
  remember(planId, url, entries);
  return plan;
}

/** A split date's parts are labelled 年 / 月 / 日: show them with the group's label (出生日期 · 月). */
function partLabel(c: Control, field: FieldKind, label: string): string {
  if (!/^birth(Year|Month|Day)$/.test(field)) return label;
  // A split date's part with no words of its own ("/" between two lists): name it by its part.
  if (!/\p{L}/u.test(label)) return { birthYear: '出生年份 · Year', birthMonth: '出生月份 · Month', birthDay: '出生日 · Day' }[field as 'birthYear'];
  if (!/^(年|月|日|year|month|day)$/i.test(label)) return label;
  const group = c.surface.parentElement?.querySelector('select, input');
  const outer = group ? labelsOf(group).map(displayLabel).find((l) => !/^(年|月|日|year|month|day)$/i.test(l)) : undefined;
  return outer ? `${outer} · ${label}` : label;
}

/** The label as a person reads it, without the required-field star and the trailing colon. */
export function displayLabel(label: string): string {
  return label.replace(/^[\s*＊]+/, '').replace(/[\s:：]+$/, '').trim();
}

function remember(planId: string, url: string, entries: Map<string, Entry>) {
  registry.set(planId, { url, entries });
  while (registry.size > MAX_PLANS) registry.delete(registry.keys().next().value as string);
  setTimeout(() => registry.delete(planId), PLAN_TTL_MS);
}

function currentUrl(doc: Document): string {
  return doc.location?.href ?? doc.URL;
}

/** What a driver's read() returns for an option: its value, or its position in a radio group. */
function rawOf(o: ChoiceOption): string {
  return o.index !== undefined ? `#${o.index}` : o.value;
}

function displayOf(c: Control, raw: string): string {
  const o = c.options?.find((x) => rawOf(x) === raw);
  return o ? o.text || o.value : raw;
}

/** Write the approved items of a plan, then re-read them and report. Never submits anything. */
export async function executeFill(plan: FillPlan, options: { root?: Document } = {}): Promise<FillReport> {
  const doc = options.root ?? document;
  const report: FillReport = { filled: [], skipped: [], reverted: [] };
  const reg = registry.get(plan.planId);
  // One plan, one fill: the values leave this script's memory as soon as it is used.
  registry.delete(plan.planId);
  const skipAll = (reason: string) => {
    for (const i of plan.items) report.skipped.push({ id: i.id, field: i.field, label: i.label, reason });
    return report;
  };
  if (currentUrl(doc) !== plan.url) return skipAll('the page changed since the plan was made');
  if (!reg || reg.url !== plan.url) return skipAll('the plan is no longer valid on this page; plan again');

  const items = [...plan.items].sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field));
  const written: { item: FillPlanItem; entry: Entry; raw: string }[] = [];
  for (const item of items) {
    const entry = reg.entries.get(item.id);
    const skip = (reason: string) => report.skipped.push({ id: item.id, field: item.field, label: item.label, reason });
    if (!entry || entry.field !== item.field) { skip('unknown item'); continue; }
    if (!item.enabled) { skip('switched off'); continue; }
    if (currentUrl(doc) !== plan.url) { skip('the page changed while filling'); continue; }
    const c = entry.control;
    const surface = c.surface;
    if (surface.isConnected) {
      const r = surface.getBoundingClientRect();
      const win = surface.ownerDocument.defaultView!;
      if (r.top < 0 || r.bottom > win.innerHeight || r.left < 0 || r.right > win.innerWidth) {
        surface.scrollIntoView({ block: 'center', inline: 'nearest' });
      }
    }
    const viewProblem = () => {
      const p = notViewable(surface, { also: coverageAllies(c, true) });
      return p === 'covered by another element' ? notViewable(surface, { also: coverageAllies(c) }) : p;
    };
    let problem = viewProblem();
    // A widget's dropdown that is still closing (Element Plus fades its popper out; longer on a
    // busy machine) covers the next field for a moment. Give a transient cover time to go; a
    // field that stays covered is still skipped, and the check stays right before the write.
    for (const deadline = Date.now() + COVER_SETTLE_MS; problem === 'covered by another element' && Date.now() < deadline; ) {
      await sleep(50);
      problem = viewProblem();
    }
    if (problem) { skip(entry.pending && problem === 'hidden' ? 'the page did not show this field for this document type' : problem); continue; }
    const el = c.element as HTMLInputElement;
    if (el.disabled && !c.widget) { skip('disabled'); continue; }
    if (c.readonly && !c.widget && !DATE_FIELDS.has(entry.field)) { skip('read-only'); continue; }

    let write = entry.write;
    try {
      if (!write && entry.choose && c.driver.loadOptions) {
        const opts = await c.driver.loadOptions(c, entry.hints ?? [entry.display]);
        c.options = opts;
        const o = entry.choose(opts);
        if (o) write = { kind: 'option', option: o };
      }
      if (!write) { skip('no option for this card'); continue; }
      // The person may have edited a text value in the popup: write what the plan shows.
      if (write.kind === 'text' && item.value !== entry.display) write = { kind: 'text', text: item.value };
      if (write.kind === 'option' && item.value !== entry.display) {
        const o = c.options?.find((x) => x.text === item.value);
        if (!o) { skip('value not in the list'); continue; }
        write = { kind: 'option', option: o };
      }
      const raw = write.kind === 'option' ? rawOf(write.option) : write.text;
      if (c.driver.read(c) !== raw) await c.driver.write(c, write);
      written.push({ item, entry, raw });
      report.filled.push({ id: item.id, field: item.field, label: item.label, value: write.kind === 'option' ? write.option.text || write.option.value : write.text });
    } catch (e) {
      skip(e instanceof WriteRefused ? e.reason : 'could not write this control');
      continue;
    }
    const also = [c.element.ownerDocument.documentElement, c.element.getRootNode()];
    if (item.field === 'documentType') await waitForSettle(doc, { quietMs: 200, maxMs: DEPENDENT_ROWS_WAIT_MS, minMs: 100, also });
    // Year and month rebuild the day list, often on the page's next timer tick: give it longer.
    else if (item.field === 'birthYear' || item.field === 'birthMonth') await waitForSettle(doc, { quietMs: 150, maxMs: 1000, minMs: 150, also });
    else if (c.control === 'select' || c.widget) await waitForSettle(doc, { quietMs: 60, maxMs: 800, minMs: 20, also });
    else await sleep(0);
  }
  await sleep(REREAD_AFTER_MS);
  for (const { item, entry, raw } of written) {
    const now = entry.control.driver.read(entry.control);
    if (now !== raw) {
      const filled = report.filled.findIndex((f) => f.id === item.id);
      const value = filled >= 0 ? report.filled[filled]!.value : item.value;
      if (filled >= 0) report.filled.splice(filled, 1);
      report.reverted.push({ id: item.id, field: item.field, label: item.label, value, now: displayOf(entry.control, now) });
    }
  }
  return report;
}
