/** The toolbar badge says what is going on without opening the popup. */
import type { MessageKey } from '../shared/i18n';
import type { PublicState } from '../shared/messages';

export interface BadgeLook {
  text: string;
  color: string;
  titleKey: MessageKey;
}

/** Pure: which text, colour and title (a message key) the badge shows for a state. */
export function badgeFor(s: PublicState): BadgeLook {
  if (s.phase === 'reading') return { text: '…', color: '#57606a', titleKey: 'badgeReading' };
  if (s.card) return { text: 'ID', color: '#1a7f37', titleKey: 'badgeCard' };
  if (s.phase === 'error') return { text: '!', color: '#cf222e', titleKey: 'badgeError' };
  if (s.watching) return { text: '', color: '#1d4ed8', titleKey: 'badgeWatching' };
  return { text: '', color: '#1d4ed8', titleKey: 'actionTitle' };
}

/** The part of the `action` API the badge uses. */
export interface ActionLike {
  setBadgeText(details: { text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  setTitle(details: { title: string }): Promise<void>;
}

/** A state listener that paints the badge; failures are not fatal (the popup shows the same state). */
export function badgePainter(action: ActionLike, t: (key: MessageKey) => string): (s: PublicState) => void {
  return (s) => {
    const look = badgeFor(s);
    void Promise.all([
      action.setBadgeText({ text: look.text }),
      action.setBadgeBackgroundColor({ color: look.color }),
      action.setTitle({ title: t(look.titleKey) }),
    ]).catch(() => undefined);
  };
}
