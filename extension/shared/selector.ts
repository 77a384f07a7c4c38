/**
 * A stable CSS selector for a form control a person taught (extension/shared/site-rules.ts):
 * its id, else its name, else a short structural path (tag names and positions) from the nearest
 * ancestor with a stable id. Never a class (frameworks generate them), never a value.
 */

/** Ids and names frameworks generate per load (React useId, Element Plus, antd rc_, long digit runs). */
const GENERATED = /^(?:_r_|:r|el-id-|rc_|rc-|mui-|react-|v-|__|\d)|\d{5,}|[0-9a-f]{8}-[0-9a-f]{4}/i;
const MAX_DEPTH = 8;

function stable(value: string | null): value is string {
  return !!value && value.length <= 100 && !GENERATED.test(value);
}

function unique(doc: Document | ShadowRoot, selector: string, el: Element): boolean {
  try {
    const found = doc.querySelectorAll(selector);
    return found.length === 1 && found[0] === el;
  } catch {
    return false;
  }
}

/** The control a right-click meant: the element itself, or the input inside / around the widget clicked. */
export function controlOf(target: Element): Element {
  if (target.matches('input, select, textarea')) return target;
  return target.querySelector('input:not([type=hidden]), select, textarea') ?? target.closest('input, select, textarea') ?? target;
}

export function stableSelector(el: Element): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  const tag = el.localName;
  if (stable(el.id) && unique(root, `#${CSS.escape(el.id)}`, el)) return `#${CSS.escape(el.id)}`;
  const name = el.getAttribute('name');
  if (stable(name)) {
    const byName = `${tag}[name="${CSS.escape(name)}"]`;
    if (unique(root, byName, el)) return byName;
  }
  const steps: string[] = [];
  let node: Element | null = el;
  for (let depth = 0; node && depth < MAX_DEPTH; depth++) {
    const parent: Element | null = node.parentElement;
    if (node !== el && stable(node.id) && unique(root, `#${CSS.escape(node.id)}`, node)) {
      steps.unshift(`#${CSS.escape(node.id)}`);
      break;
    }
    if (!parent) {
      steps.unshift(node.localName);
      break;
    }
    const same = Array.from(parent.children).filter((c) => c.localName === node!.localName);
    steps.unshift(same.length > 1 ? `${node.localName}:nth-of-type(${same.indexOf(node) + 1})` : node.localName);
    if (parent.localName === 'body') {
      steps.unshift('body');
      break;
    }
    node = parent;
  }
  return steps.join(' > ');
}

/** The words next to the control (its label, aria-label, placeholder, title or name), for the options list. */
export function labelOf(el: Element): string {
  const input = el as HTMLInputElement;
  const fromLabels = input.labels?.[0]?.textContent;
  const aria = el.getAttribute('aria-label');
  const text = fromLabels ?? aria ?? el.getAttribute('placeholder') ?? el.getAttribute('title') ?? el.getAttribute('name') ?? '';
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s*＊]+|[\s:：]+$/g, '')
    .trim()
    .slice(0, 80);
}
