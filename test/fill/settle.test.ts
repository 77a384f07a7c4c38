// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitForSettle } from '../../src/fill/settle.js';

describe('the bounded wait for rows the page reveals', () => {
  it("waits for the page's own later change, then a quiet period", async () => {
    const row = document.createElement('li');
    row.style.display = 'none';
    document.body.append(row);
    setTimeout(() => {
      row.style.display = '';
    }, 80);
    const start = Date.now();
    await waitForSettle(document, { quietMs: 150, maxMs: 2000 });
    expect(row.style.display).toBe('');
    expect(Date.now() - start).toBeGreaterThanOrEqual(150);
  });

  it('never waits past its bound on a page that keeps changing', async () => {
    const timer = setInterval(() => document.body.append(document.createElement('i')), 20);
    const start = Date.now();
    await waitForSettle(document, { quietMs: 100, maxMs: 400 });
    clearInterval(timer);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('watches a shadow root it is given (its changes keep the wait open)', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    for (const t of [40, 80, 120, 160]) setTimeout(() => root.append(document.createElement('input')), t);
    const start = Date.now();
    await waitForSettle(document, { quietMs: 60, maxMs: 2000, also: [root] });
    expect(Date.now() - start).toBeGreaterThanOrEqual(200);
  });
});
