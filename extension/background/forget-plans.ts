/**
 * Nothing of the card outlives Clear (SECURITY.md P9). A content script keeps the plans it made (the values to
 * write) until they are used or time out. This module remembers the tabs a plan was made in and, when the card
 * is cleared (Clear, lock, card removed, timeout), replaced by a new read, or after a fill, tells each of them to
 * drop every plan it holds. Its dependencies are passed in, so it runs the same in the worker and in tests.
 */
export interface ForgetDeps {
  /** Ask the content side of one tab to drop its plans. May reject (tab gone, page reloaded): that is fine. */
  tellTab(tabId: number): Promise<unknown>;
}

export class PlanForgetter {
  private readonly tabs = new Set<number>();

  constructor(private readonly deps: ForgetDeps) {}

  /** A plan was made in this tab. */
  noteTab(tabId: number): void {
    this.tabs.add(tabId);
  }

  /** The tab closed: nothing to tell it any more. */
  dropTab(tabId: number): void {
    this.tabs.delete(tabId);
  }

  /** How many tabs may still hold a plan. */
  get size(): number {
    return this.tabs.size;
  }

  /** Tell every tab that planned to drop its plans; resolves when each has answered or failed. */
  async forgetAll(): Promise<void> {
    const tabs = [...this.tabs];
    this.tabs.clear();
    await Promise.allSettled(tabs.map((t) => this.deps.tellTab(t)));
  }
}
