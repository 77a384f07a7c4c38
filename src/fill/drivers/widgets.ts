/** Widget-library drivers, tried before the native driver so they claim their inner inputs. */
import type { Driver } from './types.js';

export const WIDGET_DRIVERS: Driver[] = [];
