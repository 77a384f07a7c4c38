/**
 * The widget drivers (Element UI / Element Plus, antd, layui), injected by the background into the same frame as
 * content.ts only when that page has such widgets (src/fill/drivers/registry.ts). Registers them in the isolated
 * world's registry that content.ts's engine reads; listens to nothing.
 */
import '../src/fill/drivers/all';

globalThis.__cardfillWidgetsLoaded = true;
