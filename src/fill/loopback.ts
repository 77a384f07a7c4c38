/**
 * This computer's own names: the pages CardFill may fill over plain http without any site list (docs/architecture.md
 * §6). One definition for the engine's http refusal and the extension's site access.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '127.0.0.1' || h === '[::1]' || h.endsWith('.localhost');
}
