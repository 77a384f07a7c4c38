/**
 * A debugging build of the classifier for scripts/classifier-report.mjs: `globalThis.CardFillInspect.controls()`
 * lists every control the scan finds with the field it would be taken for. Handles no card data.
 */
import { siteProfileFor } from '../sites/index.js';
// Every widget driver: this build runs on any page (the extension loads them only where needed).
import './drivers/all.js';
import { inspectPage } from './engine.js';

(globalThis as unknown as { CardFillInspect: { controls: () => ReturnType<typeof inspectPage> } }).CardFillInspect = { controls: () => inspectPage(document, siteProfileFor) };
