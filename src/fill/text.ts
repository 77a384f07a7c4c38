/** Text helpers shared by the classifier, the formatter and the page scan. Pure; no DOM. */

/**
 * Normalise a label the way a person reads it: docs/target-forms.md §7 — strip `*`, `：`/`:` and all
 * whitespace (12306 pads labels: "姓 名", "用 户 名"), full-width brackets to ASCII, lower case.
 */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/[*＊:：]/g, '')
    .replace(/[（【［]/g, '(')
    .replace(/[）】］]/g, ')')
    .toLowerCase();
}

/** Placeholders often wrap the label in an instruction: 请输入姓名, 请输入您的证件号码, Enter your name. */
export function stripInstruction(normalized: string): string {
  return normalized
    .replace(/^(请|請)?(输入|填写|選擇|选择|扫描|點選|点击|刷)+/, '')
    .replace(/^(您的|你的|本人)/, '')
    .replace(/^(pleaseenter|pleaseselect|pleasechoose|enteryour|enter|selectyour|select|choose|your)+/, '')
    .replace(/^(如|例如|eg|e\.g\.)/, '');
}

/** Drop parenthetical remarks: 国籍(地区) → 国籍, 姓名(用于身份核验,请正确填写) → 姓名. */
export function withoutParentheses(normalized: string): string {
  return normalized.replace(/\([^)]*\)/g, '').replace(/\([^)]*$/, '');
}

/** Split a name/id attribute into lower-case tokens: userDTO.sex_code → [user, dto, sex, code]. */
export function attributeTokens(attr: string): string[] {
  return attr
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

export const HAN = /[\u3400-\u9fff]/;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** Latin text as a lookup key (one copy, beside the country index: src/card/codes/country-index.ts). */
export { latinKey } from '../card/codes/country-index.js';
