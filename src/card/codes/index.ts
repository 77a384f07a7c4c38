/** Code tables of docs/card-format.md §3 and §4.4, usable in the host and in the extension. */
export * from './sex';
export * from './ethnicity';
export * from './countries';
export * from './region';
