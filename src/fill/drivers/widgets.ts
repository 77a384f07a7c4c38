/** Widget-library drivers, tried before the native driver so they claim their inner inputs. */
import type { Driver } from './types.js';
import { elementCascaderDriver, elementDateDriver, elementSelectDriver } from './element.js';
import { antdDatePickerDriver, antdSelectDriver } from './antd.js';
import { layuiDriver } from './layui.js';
import { fakeRadioDriver } from './fake-radio.js';

export const WIDGET_DRIVERS: Driver[] = [elementSelectDriver, elementCascaderDriver, elementDateDriver, antdSelectDriver, antdDatePickerDriver, layuiDriver, fakeRadioDriver];
