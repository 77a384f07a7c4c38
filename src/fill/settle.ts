/**
 * Bounded wait for the page to finish reacting (docs/target-forms.md §2.5: 12306 shows the birth/sex/country
 * rows after the document type `change`; §9: split-date selects rebuild the day list). A MutationObserver
 * resolves once the DOM has been quiet for `quietMs`, never later than `maxMs`.
 */
export function waitForSettle(doc: Document, opts: { quietMs: number; maxMs: number; minMs?: number; also?: Node[] }): Promise<void> {
  const win = doc.defaultView ?? window;
  return new Promise((resolve) => {
    const start = Date.now();
    let quietTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      observer.disconnect();
      clearTimeout(quietTimer);
      clearTimeout(maxTimer);
      resolve();
    };
    const arm = (ms: number) => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(finish, Math.max(ms, (opts.minMs ?? 0) - (Date.now() - start)));
    };
    const observer = new win.MutationObserver(() => arm(opts.quietMs));
    // The control's own frame document or shadow root changes out of sight of the top document's observer.
    const targets = new Set<Node>([doc.documentElement, ...(opts.also ?? [])]);
    for (const t of targets) observer.observe(t, { subtree: true, childList: true, attributes: true, characterData: true });
    const maxTimer = setTimeout(finish, opts.maxMs);
    // Frameworks update on a later tick (Vue nextTick, React batching, a page's own setTimeout):
    // give them one quiet period before concluding nothing will change.
    arm(opts.quietMs);
  });
}
