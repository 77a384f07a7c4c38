// @vitest-environment happy-dom
/**
 * Widget drivers loaded only where needed, and radios grouped as the page groups them:
 * - `needsWidgetDrivers` finds each widget family's markup (in the page, a same-origin frame, an open shadow root)
 *   and nothing on a plain form, so the extension injects content-widgets.js exactly where a driver is needed;
 * - without the widget bundle the scan leaves widgets to no one (no driver of the core claims an Element select's
 *   readonly input as a text field), with it the widget drivers take them;
 * - `needsCountryTable` asks for the country table only where a nationality field may be;
 * - nameless radios (Element UI 2.x `el-radio`) are grouped by their group container or form row, not the form.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { needsCountryTable, needsWidgetDrivers, registerWidgetDrivers, widgetDrivers } from '../../src/fill/drivers/registry.js';
import { radioGroupKey } from '../../src/fill/drivers/native.js';
import { scanPage } from '../../src/fill/scan.js';
import { WIDGET_DRIVERS } from '../../src/fill/drivers/widgets.js';

afterEach(() => {
  document.body.innerHTML = '';
  registerWidgetDrivers([]);
});

const FAMILIES: [string, string][] = [
  ['Element select', '<div class="el-select"><div class="el-input"><input class="el-input__inner" readonly></div></div>'],
  ['Element cascader', '<div class="el-cascader"><div class="el-input"><input readonly></div></div>'],
  ['Element date picker', '<div class="el-date-editor el-input"><input class="el-input__inner"></div>'],
  ['antd select', '<div class="ant-select"><div class="ant-select-selector"><input class="ant-select-selection-search-input"></div></div>'],
  ['antd date picker', '<div class="ant-picker"><div class="ant-picker-input"><input></div></div>'],
  [
    'layui select',
    '<select name="a"><option>x</option></select><div class="layui-unselect layui-form-select"><div class="layui-select-title"><input readonly></div></div>',
  ],
  ['layui radio', '<input type="radio" name="xb" value="1" title="男"><div class="layui-unselect layui-form-radio"><div>男</div></div>'],
];

describe('widget drivers are loaded only where a widget is', () => {
  it.each(FAMILIES)('%s needs the widget drivers', (_, html) => {
    document.body.innerHTML = `<form>${html}</form>`;
    expect(needsWidgetDrivers(document)).toBe(true);
  });

  it('a plain form (inputs, selects, radios, a fake radio group) needs none', () => {
    document.body.innerHTML =
      '<form><label>姓名 <input name="xm"></label><select name="zjlx"><option>居民身份证</option></select>' +
      '<input type="radio" name="xb" value="1">男<input type="radio" name="xb" value="2">女' +
      '<div class="sex"><a class="check-radio">男</a><a class="check-radio">女</a></div></form>';
    expect(needsWidgetDrivers(document)).toBe(false);
  });

  it('a widget inside an open shadow root is found', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = FAMILIES[3]![1];
    expect(needsWidgetDrivers(document)).toBe(true);
  });

  it('without the widget bundle no driver takes a widget; once registered, the widget drivers do', () => {
    document.body.innerHTML = `<form><label>证件类型</label>${FAMILIES[0]![1]}</form>`;
    expect(widgetDrivers()).toEqual([]);
    expect(scanPage(document).controls.map((c) => c.control.driver.name)).toEqual(['native']);
    registerWidgetDrivers(WIDGET_DRIVERS);
    expect(scanPage(document).controls.map((c) => c.control.driver.name)).toEqual(['element-select']);
  });
});

describe('the country table is loaded only where a nationality may be asked', () => {
  it.each([
    ['a label', '<label>国籍</label><input name="a">'],
    ['an English label', '<label>Nationality</label><input name="a">'],
    ['a name attribute', '<input name="gjdq">'],
    ['a placeholder', '<input placeholder="Country / Region">'],
  ])('%s asks for it', (_, html) => {
    document.body.innerHTML = `<form>${html}</form>`;
    expect(needsCountryTable(document)).toBe(true);
  });

  it('a form without one does not', () => {
    document.body.innerHTML = '<form><label>姓名</label><input name="xm"><label>证件号码</label><input name="zjhm"></form>';
    expect(needsCountryTable(document)).toBe(false);
  });
});

describe('radios are grouped by their real group', () => {
  it('nameless radios: by el-radio-group / role=radiogroup / fieldset / table row / form row, never the whole form', () => {
    document.body.innerHTML =
      '<form>' +
      '<div class="el-form-item"><label>性别</label><div class="el-radio-group"><label class="el-radio"><input type="radio" value="1">男</label><label class="el-radio"><input type="radio" value="2">女</label></div></div>' +
      '<div class="el-form-item"><label>是否首诊</label><div class="el-radio-group"><label class="el-radio"><input type="radio" value="Y">是</label><label class="el-radio"><input type="radio" value="N">否</label></div></div>' +
      '<div role="radiogroup"><input type="radio" value="a"><input type="radio" value="b"></div>' +
      '<fieldset><input type="radio" value="c"><input type="radio" value="d"></fieldset>' +
      '<table><tr><td><input type="radio" value="e"></td><td><input type="radio" value="f"></td></tr></table>' +
      '<div class="form-group"><input type="radio" value="g"><input type="radio" value="h"></div>' +
      '</form>';
    const radios = Array.from(document.querySelectorAll('input')) as HTMLInputElement[];
    const keys = radios.map(radioGroupKey);
    for (let i = 0; i < radios.length; i += 2) expect(keys[i]).toBe(keys[i + 1]);
    expect(new Set(keys).size).toBe(radios.length / 2);
  });

  it('named radios: by form and name, as the browser groups them', () => {
    document.body.innerHTML =
      '<form id="a"><input type="radio" name="xb" value="1"><input type="radio" name="xb" value="2"></form>' +
      '<form id="b"><input type="radio" name="xb" value="1"></form>';
    const [a1, a2, b1] = Array.from(document.querySelectorAll('input')) as HTMLInputElement[];
    expect(radioGroupKey(a1!)).toBe(radioGroupKey(a2!));
    expect(radioGroupKey(a1!)).not.toBe(radioGroupKey(b1!));
  });
});
