/**
 * The fill controller with its browser passed in: an intranet http origin is planned only when
 * listed exactly (and then the engine is told http is allowed), the page's own site rules go with
 * the plan, a page that is not listed is refused with what "Allow" would add (none when policy
 * fixes the list), and public http is refused before any script reaches the tab.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));
const { FillController, NotListedError } = await import('../../../extension/background/fill-controller');
import type { FillControllerDeps } from '../../../extension/background/fill-controller';
import type { CardRecord } from '../../../src/card/record';
import type { FillPlan } from '../../../src/fill/engine';

const CARD = { kind: 'resident', number: '330106196207120032' } as unknown as CardRecord;

function controller(url: string, sites: string[], locked = false) {
  const plan: FillPlan = { planId: 'p1', url, site: null, items: [], refused: [] };
  const deps = {
    getTabUrl: vi.fn(async () => url),
    inject: vi.fn(async () => undefined),
    sendPlan: vi.fn(async () => ({ ok: true as const, plan })),
    sendFill: vi.fn(async () => ({ ok: true as const, report: { filled: [], skipped: [], reverted: [] } })),
    siteList: async () => ({ sites, locked }),
    rulesFor: vi.fn(async (origin: string) =>
      origin === 'http://10.1.2.3:8080' ? [{ selector: '#bh', field: 'documentNumber' as const }] : [],
    ),
    onTabGone: () => undefined,
    onTabNavigated: () => undefined,
  } satisfies FillControllerDeps;
  return { c: new FillController(deps), deps };
}

describe('fill controller: intranet origins and site rules', () => {
  it('a listed intranet origin: planned with allowHttp and that origin’s rules', async () => {
    const { c, deps } = controller('http://10.1.2.3:8080/reg', ['http://10.1.2.3:8080']);
    await expect(c.plan(5, CARD)).resolves.toMatchObject({ planId: 'p1' });
    expect(deps.rulesFor).toHaveBeenCalledWith('http://10.1.2.3:8080');
    expect(deps.sendPlan).toHaveBeenCalledWith(5, {
      card: CARD,
      siteRules: [{ selector: '#bh', field: 'documentNumber' }],
      allowHttp: true,
      latinName: null,
    });
  });

  it('an https page is planned without allowHttp', async () => {
    const { c, deps } = controller('https://kyfw.12306.cn/otn/x', ['12306.cn']);
    await c.plan(5, CARD);
    expect(deps.sendPlan).toHaveBeenCalledWith(5, expect.objectContaining({ allowHttp: false, siteRules: [] }));
  });

  it('an unlisted intranet origin: NOT_ALLOWED with the exact origin to allow; nothing injected', async () => {
    const { c, deps } = controller('http://10.1.2.3:8081/reg', ['http://10.1.2.3:8080']);
    const e = await c.plan(5, CARD).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotListedError);
    expect(e).toMatchObject({
      code: 'NOT_ALLOWED',
      offer: { site: '10.1.2.3:8081', entry: 'http://10.1.2.3:8081', pattern: 'http://10.1.2.3/*' },
    });
    expect(deps.inject).not.toHaveBeenCalled();
    await expect(c.allowEntry(5)).resolves.toBe('http://10.1.2.3:8081');
  });

  it('a list fixed by policy offers no Allow, and allowEntry says to ask IT', async () => {
    const { c } = controller('https://hotel.example.cn/reg', ['12306.cn'], true);
    await expect(c.plan(5, CARD)).rejects.toMatchObject({ code: 'NOT_ALLOWED', offer: undefined });
    await expect(c.allowEntry(5)).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('IT') });
  });

  it('public http: refused whatever the list says, nothing injected, nothing to allow', async () => {
    const { c, deps } = controller('http://public.example/reg', ['public.example', 'http://public.example']);
    const e = await c.plan(5, CARD).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(e).not.toBeInstanceOf(NotListedError);
    expect(deps.inject).not.toHaveBeenCalled();
    await expect(c.allowEntry(5)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });
});
