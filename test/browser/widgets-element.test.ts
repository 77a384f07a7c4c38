/**
 * Element UI 2.4 / 2.15 (Vue 2.7) and Element Plus 2.3 / current (Vue 3): select (several lists in the DOM, none
 * tied by aria-controls in the old versions), radio groups without name attributes, date picker, cascader. Each
 * fill is checked against the framework's own reactive form object, every dropdown is closed afterwards, and a
 * write the widget refuses or the page changes back is reported as not filled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESIDENT } from '../fill/cards.js';
import { model, openPopups, planAndFill, setUp, tearDown, touched, withPage, type WidgetEnv } from './widgets-shared.js';

let env: WidgetEnv;
beforeAll(async () => {
  env = await setUp();
});
afterAll(async () => {
  await tearDown(env);
});

const VERSIONS = [
  { id: 'Element UI 2.4', path: '/pages/element-ui-2.4.html' },
  { id: 'Element UI 2.15', path: '/pages/element-ui-2.15.html' },
  { id: 'Element Plus 2.3', path: '/pages/element-plus-2.3.html' },
  { id: 'Element Plus (current)', path: '/pages/element-plus.html' },
];
const READY = 'typeof window.__model === "function" && !!document.querySelector(".el-cascader")';
const EMPTY = { zjlx: '', zjhm: '', xm: '', xb: '', sfsz: '', csrq: '', mz: '', gj: '', lxdh: '', ks: '' };

describe.each(VERSIONS)('$id', (v) => {
  it('fills a resident card into the reactive form: select, nameless radio group, date picker, filterable select, cascader', () =>
    withPage(env, v.path, READY, async (page) => {
      const { plan, report } = await planAndFill(env, page, 'resident');
      expect(plan.items.map((i) => i.field).sort()).toEqual([
        'birthDate',
        'documentNumber',
        'documentType',
        'ethnicity',
        'fullName',
        'nationality',
        'sex',
      ]);
      expect(report.skipped).toEqual([]);
      expect(report.reverted).toEqual([]);
      expect(await model(page)).toEqual({
        ...EMPTY,
        zjlx: '1',
        zjhm: RESIDENT.number,
        xm: '李明轩',
        xb: '1',
        csrq: '1988-04-12',
        mz: '土家族',
        gj: 'asia/CHN',
      });
      expect(await touched(page)).toEqual(['csrq', 'gj', 'mz', 'xb', 'xm', 'zjhm', 'zjlx']);
      expect(await openPopups(page)).toEqual([]);
    }));

  it('fills a 2023 foreign permanent resident card (another branch of the cascader, the female radio)', () =>
    withPage(env, v.path, READY, async (page) => {
      const { report } = await planAndFill(env, page, 'foreign-permanent-2023');
      expect(report.skipped).toEqual([]);
      expect(report.reverted).toEqual([]);
      expect(await model(page)).toEqual({
        ...EMPTY,
        zjlx: '13',
        zjhm: '91321119900614002X',
        xm: '安娜',
        xb: '2',
        csrq: '1990-06-14',
        gj: 'africa/CPV',
      });
      expect(await openPopups(page)).toEqual([]);
    }));

  it('reports as not filled a date the picker refuses and a document type the page changes back', () =>
    withPage(env, `${v.path}?reject=1`, READY, async (page) => {
      const { report } = await planAndFill(env, page, 'resident');
      const m = await model(page);
      expect(m.csrq).toBe('');
      expect(m.zjlx).toBe('');
      const notFilled = [...report.reverted.map((r) => r.field), ...report.skipped.map((s) => s.field)];
      expect(notFilled).toEqual(expect.arrayContaining(['birthDate', 'documentType']));
      expect(report.filled.map((f) => f.field)).not.toContain('birthDate');
      expect(report.filled.map((f) => f.field)).not.toContain('documentType');
      expect(m.xm).toBe('李明轩');
      expect(await openPopups(page)).toEqual([]);
    }));
});
