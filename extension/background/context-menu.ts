/**
 * "CardFill: this field is…" on editable fields: a sub-item per card field (in the person's
 * language) and "never fill this". The click gives the background the tab and frame; the content
 * script in that frame names the control the person right-clicked (a stable selector, never its
 * value), and the rule is stored for the page's origin (extension/shared/site-rules.ts). The next
 * plan on that origin uses it. No page can trigger this: only the browser's own menu click does.
 */
import type { MessageKey } from '../shared/i18n';
import type { FieldKind } from '../../src/fill/types';
import { CardFillError, toErrorInfo } from '../../src/errors';
import type { Result } from '../shared/messages';
import { canonicalOrigin, TAUGHT_FIELDS, type StoredSiteRule, type TaughtField } from '../shared/site-rules';

export const TEACH_MENU_ID = 'cardfill-teach';
const TEACH_PREFIX = 'cardfill-teach:';

/** The message key of a taught field's name (the same keys label it in the options). */
export function teachKey(field: TaughtField): MessageKey {
  return `teach_${field}` as MessageKey;
}

export interface MenuApi {
  create(properties: { id: string; parentId?: string; title?: string; type?: 'normal' | 'separator'; contexts?: ['editable'] }): unknown;
}

/** Create the teach menu under whatever menu items already exist (call after removeAll). */
export function createTeachMenu(menus: MenuApi, t: (key: MessageKey) => string): void {
  menus.create({ id: TEACH_MENU_ID, title: t('teachMenu'), contexts: ['editable'] });
  for (const field of TAUGHT_FIELDS) {
    if (field === 'never') menus.create({ id: `${TEACH_PREFIX}sep`, parentId: TEACH_MENU_ID, type: 'separator', contexts: ['editable'] });
    menus.create({ id: TEACH_PREFIX + field, parentId: TEACH_MENU_ID, title: t(teachKey(field)), contexts: ['editable'] });
  }
}

/** The field a menu item id names, or null when it is not a teach item. */
export function taughtFieldOf(menuItemId: string | number): TaughtField | null {
  if (typeof menuItemId !== 'string' || !menuItemId.startsWith(TEACH_PREFIX)) return null;
  const field = menuItemId.slice(TEACH_PREFIX.length);
  return (TAUGHT_FIELDS as readonly string[]).includes(field) ? (field as FieldKind | 'never') : null;
}

export interface TeachDeps {
  tabUrl(tabId: number): Promise<string | undefined>;
  inject(tabId: number, frameId: number): Promise<void>;
  askTarget(tabId: number, frameId: number, targetElementId?: number): Promise<Result<{ selector: string; label: string }> | undefined>;
  saveRule(rule: StoredSiteRule): Promise<void>;
  /** Tell the person it was learnt (badge flash / notification); optional. */
  confirm?(rule: StoredSiteRule): void;
}

/** The menu's click: what was right-clicked where becomes a rule for the page's origin. */
export async function teachField(
  deps: TeachDeps,
  info: { menuItemId: string | number; frameId?: number; targetElementId?: number },
  tab: { id?: number } | undefined,
): Promise<Result<{ rule: StoredSiteRule }>> {
  try {
    const field = taughtFieldOf(info.menuItemId);
    if (!field) throw new CardFillError('BAD_REQUEST', 'Not a CardFill teach item');
    if (tab?.id === undefined || tab.id < 0) {
      throw new CardFillError('NOT_ALLOWED', 'CardFill can learn fields only on a web page in a tab');
    }
    const url = await deps.tabUrl(tab.id);
    const origin = url ? canonicalOrigin(url) : null;
    if (!origin) throw new CardFillError('NOT_ALLOWED', 'CardFill can learn fields only on web pages');
    const frameId = info.frameId ?? 0;
    await deps.inject(tab.id, frameId);
    const target = await deps.askTarget(tab.id, frameId, info.targetElementId);
    if (!target) throw new CardFillError('INTERNAL', 'The page did not answer; reload it and try again');
    if (!target.ok) return target;
    const rule: StoredSiteRule = { origin, selector: target.selector, field, ...(target.label ? { label: target.label } : {}) };
    await deps.saveRule(rule);
    deps.confirm?.(rule);
    return { ok: true, rule };
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) };
  }
}
