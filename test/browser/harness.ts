/** Browser-test harness: the same launcher the demo uses (scripts/lib/browser.mjs). */
export * from '../../scripts/lib/browser.mjs';
