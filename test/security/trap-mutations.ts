/**
 * A generator of never-list traps (SECURITY.md P3): it takes the kinds of trap the attack pages hold and mutates
 * them — which property, which value, how many wrappers up it sits, and whether it is there at the preview or
 * put in place while the fill runs — so each run tries combinations nobody wrote down. Seeded and bounded: the
 * same seed gives the same pages, and a run makes a fixed number of them.
 */

/** A small seeded PRNG (mulberry32): the same seed, the same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const between = (r: R, lo: number, hi: number) => lo + (hi - lo) * r();
const int = (r: R, lo: number, hi: number) => Math.floor(between(r, lo, hi + 1));
const fix = (n: number, d = 3) => Number(n.toFixed(d));

/**
 * Where a mutation applies: on the input (depth 0) or on a wrapper `depth` levels up. `css` goes on that element;
 * `wrap` wraps the input in extra markup; `cover` lays something over it; `attr` sets an attribute.
 */
export interface Mutation {
  kind: string;
  /** Human-readable, for the failure message. */
  text: string;
  depth: number;
  css?: string;
  attr?: [string, string];
  /** Markup around the input: `{}` is the input. */
  wrap?: string;
  /** A cover laid over the row: its CSS. */
  cover?: string;
  /** Input attribute changes (type swaps). */
  inputAttr?: [string, string];
  /** Applied while the fill runs (on the first write of a visible field), not at the preview. */
  late: boolean;
}

/** Mutations that must keep a field from being written. */
const TRAPS: ((r: R) => Omit<Mutation, 'late' | 'depth'> & { depth?: number; inputOnly?: boolean; noLate?: boolean })[] = [
  (r) => {
    const v = fix(between(r, 0, 0.45));
    return { kind: 'opacity', text: `opacity:${v}`, css: `opacity:${v}` };
  },
  (r) => {
    const v = fix(between(r, 0, 0.45));
    return { kind: 'filter-opacity', text: `filter:opacity(${v})`, css: `filter:opacity(${v})` };
  },
  (r) => {
    const v = int(r, 5, 30);
    return { kind: 'blur', text: `filter:blur(${v}px)`, css: `filter:blur(${v}px)` };
  },
  () => ({ kind: 'svg-filter', text: 'filter:url(#zero-alpha)', css: 'filter:url(#zero-alpha)' }),
  (r) => {
    const a = fix(between(r, 0, 0.15));
    const g = `linear-gradient(rgba(0,0,0,${a}),rgba(0,0,0,${a}))`;
    return { kind: 'mask-alpha', text: `mask alpha ${a}`, css: `-webkit-mask-image:${g};mask-image:${g}` };
  },
  () => ({
    kind: 'mask-size',
    text: 'mask-size:0 0',
    css: '-webkit-mask-image:linear-gradient(#000,#000);mask-image:linear-gradient(#000,#000);-webkit-mask-size:0 0;mask-size:0 0;-webkit-mask-repeat:no-repeat;mask-repeat:no-repeat',
  }),
  (r) => {
    const v = pick(r, [
      `circle(${int(r, 0, 3)}px at 50% 50%)`,
      `ellipse(1px 2px at 10% 50%)`,
      'polygon(0 0, 3px 0, 3px 3px)',
      `inset(${int(r, 45, 50)}%)`,
      `inset(0 0 ${int(r, 26, 40)}px 0)`,
      "path('M0 0 L2 0 L2 2 Z')",
    ]);
    return { kind: 'clip-path', text: `clip-path:${v}`, css: `clip-path:${v}` };
  },
  (r) => {
    const w = int(r, 1, 9);
    const h = int(r, 1, 9);
    return {
      kind: 'overflow',
      text: `overflow:hidden ${w}×${h}`,
      wrap: `<span style="display:inline-block;overflow:hidden;width:${w}px;height:${h}px;vertical-align:middle">{}</span>`,
      noLate: true,
    };
  },
  (r) => {
    const v = fix(between(r, 0.01, 0.3));
    return { kind: 'scale', text: `scale(${v})`, css: `transform:scale(${v});transform-origin:0 0` };
  },
  (r) => {
    const pe = pick(r, ['none', 'auto']);
    return {
      kind: 'cover',
      text: `opaque cover, pointer-events:${pe}`,
      cover: `background:${pick(r, ['#fff', '#fafafa', 'rgb(255,255,255)'])};pointer-events:${pe}`,
    };
  },
  () => ({ kind: 'visibility', text: 'visibility:hidden', css: 'visibility:hidden', inputOnly: true }),
  () => ({ kind: 'display', text: 'display:none', css: 'display:none' }),
  (r) => {
    const v = int(r, 2000, 5000);
    return { kind: 'fixed-below', text: `position:fixed;top:${v}px`, css: `position:fixed;left:20px;top:${v}px`, depth: 1 };
  },
  () => ({ kind: 'offscreen', text: 'left:-9999px', css: 'position:absolute;left:-9999px' }),
  () => ({ kind: 'aria-hidden', text: 'aria-hidden=true', attr: ['aria-hidden', 'true'] }),
  () => ({ kind: 'inert', text: 'inert', attr: ['inert', ''] }),
  () => ({
    kind: 'fieldset-disabled',
    text: 'fieldset disabled',
    wrap: '<fieldset disabled style="border:0;margin:0;padding:0">{}</fieldset>',
    noLate: true,
  }),
  () => ({ kind: 'password', text: 'type=password', inputAttr: ['type', 'password'], inputOnly: true }),
  () => ({ kind: 'disabled', text: 'disabled', inputAttr: ['disabled', ''], inputOnly: true }),
  (r) => {
    const v = int(r, 1, 9);
    return { kind: 'tiny', text: `${v}px box`, css: `width:${v}px;height:${v}px;padding:0;border:0;min-width:0`, inputOnly: true };
  },
];

/** Mutations a real form uses that must NOT stop a fill (so the generator also guards against refusing too much). */
const BENIGN: ((r: R) => Omit<Mutation, 'late' | 'depth'>)[] = [
  (r) => {
    const v = fix(between(r, 0.85, 1));
    return { kind: 'opacity', text: `opacity:${v}`, css: `opacity:${v}` };
  },
  () => ({ kind: 'overflow', text: 'overflow:hidden 500×60', wrap: '<div style="overflow:hidden;width:500px;height:60px">{}</div>' }),
  () => ({ kind: 'clip-path', text: 'clip-path:inset(0)', css: 'clip-path:inset(0)' }),
  () => ({
    kind: 'mask',
    text: 'opaque gradient mask',
    css: '-webkit-mask-image:linear-gradient(#000 90%,rgba(0,0,0,0.6));mask-image:linear-gradient(#000 90%,rgba(0,0,0,0.6))',
  }),
  () => ({ kind: 'cover', text: 'transparent pointer-events:none overlay', cover: 'background:transparent;pointer-events:none' }),
  () => ({ kind: 'filter', text: 'filter:grayscale(1)', css: 'filter:grayscale(1)' }),
];

/** Labels the classifier takes for distinct card fields (one trap per field on a page). */
export const TRAP_LABELS = ['住址', '出生日期', '民族', '签发机关', '有效期限', '签发日期', '国籍', '性别'] as const;

export interface TrapRow {
  name: string;
  label: string;
  mutation: Mutation;
}
export interface MutatedPage {
  html: string;
  traps: TrapRow[];
  benign: TrapRow | null;
}

function rowHtml(row: TrapRow, id: string): { html: string; late: string } {
  const m = row.mutation;
  let input = `<input id="${id}" name="${row.name}" style="width:220px;height:26px"${m.inputAttr && !m.late ? ` ${m.inputAttr[0]}="${m.inputAttr[1]}"` : ''}>`;
  if (m.depth === 0 && m.css && !m.late) input = input.replace('height:26px"', `height:26px;${m.css}"`);
  if (m.depth === 0 && m.attr && !m.late) input = input.replace('<input ', `<input ${m.attr[0]}="${m.attr[1]}" `);
  if (m.wrap) input = m.wrap.replace('{}', input);
  // Wrappers up to the depth; the mutation sits on the outermost one when depth > 0.
  let inner = input;
  for (let d = 1; d <= m.depth; d++) {
    const here = d === m.depth && !m.late;
    inner = `<div data-depth="${d}" data-for="${id}"${here && m.attr ? ` ${m.attr[0]}="${m.attr[1]}"` : ''}${here && m.css ? ` style="${m.css}"` : ''}>${inner}</div>`;
  }
  const cover = m.cover && !m.late ? `<div style="position:absolute;left:0;top:0;width:600px;height:36px;z-index:5;${m.cover}"></div>` : '';
  const html = `<div class="row" id="row-${id}"><label for="${id}">${row.label}</label> ${inner}${cover}</div>`;
  let late = '';
  if (m.late) {
    const target =
      m.depth === 0 ? `document.getElementById('${id}')` : `document.querySelector('[data-for="${id}"][data-depth="${m.depth}"]')`;
    if (m.css) late += `${target}.style.cssText += ${JSON.stringify(';' + m.css)};`;
    if (m.attr) late += `${target}.setAttribute(${JSON.stringify(m.attr[0])}, ${JSON.stringify(m.attr[1])});`;
    if (m.inputAttr)
      late += `document.getElementById('${id}').setAttribute(${JSON.stringify(m.inputAttr[0])}, ${JSON.stringify(m.inputAttr[1])});`;
    if (m.cover)
      late += `(function(){var c=document.createElement('div');c.style.cssText=${JSON.stringify(`position:absolute;left:0;top:0;width:600px;height:36px;z-index:5;${m.cover}`)};document.getElementById('row-${id}').appendChild(c);})();`;
  }
  return { html, late };
}

/** One page of traps (and one benign row) from the generator. */
export function mutatedPage(r: R, trapsPerPage: number): MutatedPage {
  const labels = [...TRAP_LABELS];
  const traps: TrapRow[] = [];
  const benignLabel = labels.splice(int(r, 0, labels.length - 1), 1)[0]!;
  for (let i = 0; i < trapsPerPage && labels.length; i++) {
    const t = pick(r, TRAPS)(r);
    const depth = t.inputOnly || t.wrap || t.cover ? 0 : (t.depth ?? int(r, 0, 3));
    const late = !t.noLate && r() < 0.4;
    const label = labels.splice(int(r, 0, labels.length - 1), 1)[0]!;
    traps.push({
      name: `trap_${i}_${t.kind}`,
      label,
      mutation: { ...t, depth, late, text: `${t.text} at depth ${depth}${late ? ', during the fill' : ''}` },
    });
  }
  const b = pick(r, BENIGN)(r);
  const benign: TrapRow = {
    name: `benign_${b.kind}`,
    label: benignLabel,
    mutation: { ...b, depth: b.wrap || b.cover ? 0 : int(r, 0, 2), late: false },
  };
  const rows = [...traps, benign].map((row, i) => rowHtml(row, `m${i}`));
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登记</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;padding:20px}.row{margin:10px 0;min-height:32px;position:relative}</style></head><body>
<svg width="0" height="0" style="position:absolute"><filter id="zero-alpha"><feColorMatrix type="matrix" values="1 0 0 0 0 0 1 0 0 0 0 0 1 0 0 0 0 0 0 0"/></filter></svg>
<form onsubmit="return false">
<div class="row"><label for="name">姓名</label> <input id="name" name="shown_name" style="width:220px;height:26px"></div>
<div class="row"><label for="num">证件号码</label> <input id="num" name="shown_number" style="width:220px;height:26px"></div>
${rows.map((x) => x.html).join('\n')}
</form><div style="height:3000px"></div>
<script>
var done=false;function late(){if(done)return;done=true;${rows.map((x) => x.late).join('')}}
document.getElementById('name').addEventListener('input',late);document.getElementById('num').addEventListener('input',late);
window.__values=function(){var o={};document.querySelectorAll('input').forEach(function(e){o[e.name]=e.value});return o};
</script></body></html>`;
  return { html, traps, benign };
}

/** The run's seed: CARDFILL_TRAP_SEED when set (to replay a failure), else a fresh one. */
export function runSeed(env: Record<string, string | undefined> = process.env): number {
  const s = env['CARDFILL_TRAP_SEED'];
  return s && /^\d+$/.test(s) ? Number(s) : Math.floor(Math.random() * 2 ** 31);
}
