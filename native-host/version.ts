/** The host's version, injected by the bundler from package.json (see scripts/build.mjs). */
declare const __CARDFILL_VERSION__: string | undefined;
export const HOST_VERSION: string = typeof __CARDFILL_VERSION__ === 'string' ? __CARDFILL_VERSION__ : '0.0.0-dev';
