/**
 * Values the person changed in the preview, as the background takes them with a fill request: only for typed items
 * of the plan it holds, text of at most 200 characters without control characters, never a list's option, never
 * Chinese characters for a Latin-name field. A refused edit sends nothing to the page; an accepted one goes into
 * the plan sent to the content script (trimmed), the other items as planned.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));
const { FillController } = await import('../../../extension/background/fill-controller');
import type { FillControllerDeps } from '../../../extension/background/fill-controller';
import type { CardRecord } from '../../../src/card/record';
import type { FillPlan } from '../../../src/fill/engine';
import { checkEdits, editProblem } from '../../../src/fill/plan-edits';

const CARD = { kind: 'resident', number: '330106196207120032' } as unknown as CardRecord;
const URL = 'https://hotel.example/checkin';
const PLAN: FillPlan = {
  planId: 'p1',
  url: URL,
  site: null,
  refused: [],
  items: [
    { id: 'f1', field: 'documentType', label: 'ID type', value: 'Resident ID card', enabled: true },
    { id: 'f2', field: 'surnameEn', label: 'Surname', value: 'Chen', enabled: true, derived: true },
    { id: 'f3', field: 'givenNameEn', label: 'Given name', value: 'Siyuan', enabled: true, derived: true },
    { id: 'f4', field: 'fullName', label: 'Guest', value: 'CHEN SIYUAN', enabled: true, derived: true },
    { id: 'f5', field: 'fullName', label: '姓名', value: '陈思远', enabled: true },
    { id: 'f6', field: 'nameZh', label: '中文姓名', value: '陈思远', enabled: true },
    { id: 'f7', field: 'sex', label: 'Sex', value: 'Male', enabled: true },
    { id: 'f8', field: 'address', label: 'Address', value: '浙江省杭州市', enabled: true },
  ],
};

async function planned() {
  const deps = {
    getTabUrl: vi.fn(async () => URL),
    inject: vi.fn(async () => undefined),
    sendPlan: vi.fn(async () => ({ ok: true as const, plan: structuredClone(PLAN) })),
    sendFill: vi.fn(async (_tab: number, _data: { plan: FillPlan }) => ({
      ok: true as const,
      report: { filled: [], skipped: [], reverted: [] },
    })),
    siteList: async () => ({ sites: ['hotel.example'], locked: false }),
    rulesFor: vi.fn(async () => []),
    onTabGone: () => undefined,
    onTabNavigated: () => undefined,
  } satisfies FillControllerDeps;
  const c = new FillController(deps);
  await c.plan(5, CARD);
  return { c, deps };
}
const ALL = PLAN.items.map((i) => i.id);

describe('edits with the fill request, in the background', () => {
  it('an accepted edit replaces that item’s value (trimmed) in the plan sent to the page; the rest stays as planned', async () => {
    const { c, deps } = await planned();
    await c.fill(5, 'p1', ['f2', 'f3', 'f8'], { f2: '  Chan ', f8: '浙江省杭州市西湖区' });
    expect(deps.sendFill).toHaveBeenCalledTimes(1);
    const sent = deps.sendFill.mock.calls[0]![1].plan;
    expect(sent.items.map((i) => [i.id, i.value, i.enabled])).toEqual([
      ['f1', 'Resident ID card', false],
      ['f2', 'Chan', true],
      ['f3', 'Siyuan', true],
      ['f4', 'CHEN SIYUAN', false],
      ['f5', '陈思远', false],
      ['f6', '陈思远', false],
      ['f7', 'Male', false],
      ['f8', '浙江省杭州市西湖区', true],
    ]);
  });

  it.each([
    ['an item not in this plan', { f99: 'Chan' }, 'not in this preview'],
    ['a list’s option (sex)', { f7: 'Female' }, 'chosen from a list'],
    ['a list’s option (document type)', { f1: 'Passport' }, 'chosen from a list'],
    ['a value that is not text', { f2: 42 }, 'not text'],
    ['201 characters', { f8: '路'.repeat(201) }, 'longer than 200'],
    ['a control character', { f2: 'Ch\u0000en' }, 'control characters'],
    ['a line break', { f3: 'Si\nyuan' }, 'control characters'],
    ['a bidirectional override', { f3: '\u202Enauyis' }, 'control characters'],
    ['Chinese characters in a surname field', { f2: '陈' }, 'Chinese characters'],
    ['Chinese characters in a full-name field planned in Latin letters', { f4: 'CHEN 思远' }, 'Chinese characters'],
    ['Latin letters in a Chinese-name field', { f6: 'Chen Siyuan' }, 'Latin letters'],
    ['an empty value', { f3: '   ' }, 'empty'],
    ['edits that are not an object', ['Chan'], 'expected form'],
  ])('refuses %s: BAD_REQUEST, nothing sent to the page, the preview still usable', async (_what, edits, message) => {
    const { c, deps } = await planned();
    await expect(c.fill(5, 'p1', ALL, edits)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(message) });
    expect(deps.sendFill).not.toHaveBeenCalled();
    // The person can correct the value and fill from the same preview.
    await c.fill(5, 'p1', ALL, { f2: 'Chan' });
    expect(deps.sendFill.mock.calls[0]![1].plan.items.find((i) => i.id === 'f2')!.value).toBe('Chan');
  });

  it('200 characters, a Chinese full name planned in Chinese, and no edits at all are accepted', async () => {
    expect(checkEdits(PLAN, { f8: '路'.repeat(200), f5: '陈 思远', f4: 'Chan Si-yuan' })).toMatchObject({ ok: true });
    expect(checkEdits(PLAN, undefined)).toEqual({ ok: true, values: new Map() });
    const { c, deps } = await planned();
    await c.fill(5, 'p1', ALL);
    expect(deps.sendFill.mock.calls[0]![1].plan.items.map((i) => i.value)).toEqual(PLAN.items.map((i) => i.value));
  });

  it('Han characters outside the basic block (extension B, compatibility ideographs) count as Chinese too', () => {
    expect(editProblem(PLAN.items[1]!, '\u{20BB7}')).toBe('han-in-latin');
    expect(editProblem(PLAN.items[1]!, '\uF900')).toBe('han-in-latin');
    expect(editProblem(PLAN.items[1]!, 'Lü')).toBeNull();
  });
});
