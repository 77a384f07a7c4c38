/**
 * A debugging build of the engine for scripts/classifier-report.mjs and test/fill/real-pages.test.ts (never shipped):
 * `globalThis.CardFillInspect.controls()` lists every control the scan finds with the field the classifier takes it
 * for; `elements()` does the same with the page elements of each control, and `plan(card)` plans a fill with the
 * real engine and returns each planned item with the elements it would write. Used to score the classifier and to
 * prove that no plan ever targets a forbidden control. Writes nothing.
 */
import type { CardRecord } from '../card/record.js';
import type { LatinName } from '../card/latin-name.js';
import { siteProfileFor } from '../sites/index.js';
// Every widget driver: this build runs on any page (the extension loads them only where needed).
import './drivers/all.js';
import { inspectElements, inspectPage, inspectPlan } from './engine.js';

(globalThis as unknown as { CardFillInspect: unknown }).CardFillInspect = {
  controls: () => inspectPage(document, siteProfileFor),
  elements: () => inspectElements(document, siteProfileFor),
  plan: (card: CardRecord, latinName: LatinName | null = null) => inspectPlan(card, document, siteProfileFor, latinName),
};
