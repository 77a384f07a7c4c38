/**
 * What each reader event means in staff mode: a placed card is read (and the review opened when
 * none is), a removed card is cleared, an unplugged reader shows as "no reader" until it is back.
 */
import type { CardEvent } from '../../src/protocol/messages';
import { CardFillError } from '../../src/errors';
import type { ReadFlow } from './read-flow';
import type { BackgroundState } from './state';

export interface StaffWiringDeps {
  reads: Pick<ReadFlow, 'readCard' | 'clearCard'>;
  state: BackgroundState;
  hasCard: () => boolean;
  /** True while a popup (or review window) is connected to the state port. */
  reviewOpen: () => boolean;
  /** Open the review for the tab the person is looking at. */
  showReview: () => Promise<void>;
}

export function readerEventHandler(deps: StaffWiringDeps): (event: CardEvent) => Promise<void> {
  return async (event) => {
    switch (event) {
      case 'card-present': {
        // A newly placed card replaces whatever was shown; the popup refreshes through the state port.
        const result = await deps.reads.readCard();
        if (result.ok && !deps.reviewOpen()) await deps.showReview().catch(() => undefined);
        return;
      }
      case 'card-removed':
        // Staff mode forgets the data when the host reports the card removed.
        await deps.reads.clearCard();
        return;
      case 'reader-gone':
        if (!deps.hasCard()) deps.state.fail(new CardFillError('NO_READER', 'The reader was unplugged').toJSON());
        return;
      case 'reader-back': {
        const s = deps.state.current;
        if (s.phase === 'error' && s.error?.code === 'NO_READER') deps.state.update({ phase: 'idle', error: null });
        return;
      }
    }
  };
}
