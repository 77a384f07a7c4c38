/**
 * What the bench takes from the project's TypeScript, bundled at run time by ./load-shared.mjs so the
 * bench script itself stays plain JavaScript: the SAM request frames (one source of truth for the
 * bytes, docs/card-format.md §1.3), the wire-time rule (§1.1: 10 bits a byte) and the synthetic
 * cards and fixture expectations the fill tests use.
 */
export { COMMANDS, DEFAULT_BAUD, encodeRequest, REPLY_BYTES, wireTimeMs } from '../../../src/sam/frame';
export { CARDS } from '../../../test/fill/cards';
export { FIXTURES } from '../../../test/fill/expectations';
