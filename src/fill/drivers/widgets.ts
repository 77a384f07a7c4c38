/** Widget-library drivers, tried before the core ones so they claim their inner inputs (see registry.ts). */
import type { Driver } from './types.js';
import { elementCascaderDriver, elementDateDriver, elementSelectDriver } from './element.js';
import { antdDatePickerDriver, antdSelectDriver } from './antd.js';
import { layuiDriver } from './layui.js';

export const WIDGET_DRIVERS: Driver[] = [
  elementSelectDriver,
  elementCascaderDriver,
  elementDateDriver,
  antdSelectDriver,
  antdDatePickerDriver,
  layuiDriver,
];
