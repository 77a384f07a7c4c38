// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { groupLabels, labelsOf, radioText } from '../../src/fill/labels.js';

function dom(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

describe('where a person reads a label', () => {
  it('label[for], a wrapping label, aria-label and aria-labelledby', () => {
    dom(
      '<label for="a">证件号码</label><input id="a"><label>姓名 <input id="b"></label><input id="c" aria-label="出生日期">' +
        '<span id="l">国籍</span><input id="d" aria-labelledby="l">',
    );
    expect(labelsOf(document.getElementById('a')!)[0]).toBe('证件号码');
    expect(labelsOf(document.getElementById('b')!)[0]).toBe('姓名');
    expect(labelsOf(document.getElementById('c')!)[0]).toBe('出生日期');
    expect(labelsOf(document.getElementById('d')!)[0]).toBe('国籍');
  });

  it("the 12306 layout: a label div before the input's wrapper", () => {
    dom(
      '<ul><li><div class="label"><span>*</span> 姓 名：</div><div class="inp"><input id="name"></div></li>' +
        '<li><div class="label">证件号码：</div><div class="inp"><input id="cardCode"></div></li></ul>',
    );
    expect(labelsOf(document.getElementById('name')!)).toContain('* 姓 名：');
    expect(labelsOf(document.getElementById('cardCode')!)).toContain('证件号码：');
  });

  it('legacy tables: the cell to the left, and the column header', () => {
    dom(
      '<table><tr><td>姓名</td><td><input id="xm"></td><td>性别</td><td><select id="xb"></select></td></tr></table>' +
        '<table><thead><tr><th>同住人姓名</th></tr></thead><tbody><tr><td><input id="t"></td></tr></tbody></table>',
    );
    expect(labelsOf(document.getElementById('xm')!)[0]).toBe('姓名');
    expect(labelsOf(document.getElementById('xb')!)[0]).toBe('性别');
    expect(labelsOf(document.getElementById('t')!)).toContain('同住人姓名');
  });

  it('form-item labels of Element / antd / layui', () => {
    dom(
      '<div class="el-form-item"><label class="el-form-item__label">证件类型</label><div><div class="el-select"><input id="s"></div></div></div>' +
        '<div class="layui-form-item"><label class="layui-form-label">民族</label><div class="layui-input-block"><select id="m"></select></div></div>',
    );
    expect(labelsOf(document.getElementById('s')!)[0]).toBe('证件类型');
    expect(labelsOf(document.getElementById('m')!)[0]).toBe('民族');
  });

  it('never borrows the label of a neighbouring field', () => {
    dom('<div><span>手机号码</span><input id="phone"><input id="other"></div>');
    expect(labelsOf(document.getElementById('other')!)).toEqual([]);
  });

  it("radio groups: the group's text, and each option's own text", () => {
    dom(
      '<p>性别 <label><input type="radio" name="g" value="1" id="m">男</label><label><input type="radio" name="g" value="2" id="f">女</label></p>' +
        '<input type="radio" name="s" id="x" value="M"><label for="x">男</label>',
    );
    const members = [document.getElementById('m')!, document.getElementById('f')!];
    expect(groupLabels(members)[0]).toBe('性别');
    expect(radioText(members[1]!)).toBe('女');
    expect(radioText(document.getElementById('x')!)).toBe('男');
  });
});
