/** Card records for the component tests, decoded by the real decoder from the synthetic cards. */
import { decodeCardText } from '../../src/card/decode';
import { SYNTHETIC_CARDS, type SyntheticCardName } from '../../src/card/synthetic';
import type { CardRecord } from '../../src/card/record';

export function syntheticCard(name: SyntheticCardName): CardRecord {
  return decodeCardText(SYNTHETIC_CARDS[name].text);
}
