/**
 * Standalone build of the engine: `globalThis.CardFillEngine = { plan(card), fill(plan) }` over the
 * current document, so the engine can be scripted on any page for checks and benchmarks.
 * Built with: npx esbuild src/fill/standalone.ts --bundle --format=iife --outfile=dist/fill-engine.js
 */
import type { CardRecord } from '../card/record.js';
import { siteProfileFor } from '../sites/index.js';
// Every widget driver: this build runs on any page (the extension loads them only where needed).
import './drivers/all.js';
import { executeFill, planFill } from './engine.js';
import type { FillPlan, FillReport } from './types.js';

const CardFillEngine = {
  /** The plan as plain JSON. */
  plan(card: CardRecord): FillPlan {
    return JSON.parse(JSON.stringify(planFill(card, { sites: siteProfileFor }))) as FillPlan;
  },
  fill(plan: FillPlan): Promise<FillReport> {
    return executeFill(plan);
  },
};

(globalThis as unknown as { CardFillEngine: typeof CardFillEngine }).CardFillEngine = CardFillEngine;
