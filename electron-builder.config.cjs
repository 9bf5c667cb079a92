/**
 * Packaging for every desktop Backlot ships on (`npm run dist` builds the
 * renderer and the bundles first). The app archive holds the bundles, the
 * renderer and exactly the packages the station loads at run time
 * (scripts/station-packages.cjs): no central API, no PostgreSQL driver, no
 * React source, no native build leftovers. tests/electron/packaging.test.ts
 * builds the unpacked layout with a stand-in Electron and checks it.
 */
const { stationRuntimePackages } = require('./scripts/station-packages.cjs');

const runtime = stationRuntimePackages(__dirname);

/** Debian packages the app needs: electron-builder's defaults for an Electron app (it replaces them when `depends` is set), and ours. */
const DEB_DEPENDS = [
  // electron-builder's defaults (app-builder-lib FpmTarget, deb)
  'libgtk-3-0',
  'libnotify4',
  'libnss3',
  'libxss1',
  'libxtst6',
  'xdg-utils',
  'libatspi2.0-0',
  'libuuid1',
  'libsecret-1-0',
  // Audio for the scan sounds; the t64 rename on Ubuntu 24.04 and Debian 13 keeps the old name as an alternative.
  'libasound2t64 | libasound2',
];

module.exports = {
  appId: 'com.backlot.station',
  productName: 'Backlot',
  copyright: 'Copyright © 2026 Backlot',
  directories: { output: 'release', buildResources: 'resources' },
  files: [
    'dist/main/electron.mjs',
    'dist/main/station-process.cjs',
    'dist/preload/**/*',
    'dist/renderer/**/*',
    '!dist/**/*.map',
    '!dist/**/*.meta.json',
    'package.json',
    '!node_modules/**/*',
    ...runtime.flatMap((dir) =>
      // sqlite3 ships its C sources, the SQLite amalgamation and the compiler's objects (13 MB): only lib/ and the one .node file run.
      dir === 'node_modules/sqlite3' ? [`${dir}/{package.json,LICENSE}`, `${dir}/lib/**/*`, `${dir}/build/Release/node_sqlite3.node`] : [`${dir}/**/*`],
    ),
    '!**/*.{md,markdown,map,ts,mts,cts,tsbuildinfo}',
  ],
  extraMetadata: { main: 'dist/main/electron.mjs' },
  // sqlite3 and @node-rs/argon2 are N-API modules: one build loads in Node and in Electron alike. A .node file cannot be
  // loaded from inside the archive, so they stay beside it.
  npmRebuild: true,
  asarUnpack: ['**/node_modules/sqlite3/**', '**/node_modules/@node-rs/**', '**/*.node'],
  icon: 'resources/icon.png',
  linux: {
    // The deb first: it installs Chromium's sandbox helper setuid root and an AppArmor profile where Ubuntu 24.04+ needs
    // one. The AppImage cannot (see README, "Install a station at a site").
    target: ['deb', 'AppImage'],
    category: 'Office',
    icon: 'resources/icons',
    maintainer: 'Backlot operations <ops@backlot.example>',
    synopsis: 'Backlot packing station and customer-service desk',
    syncDesktopName: true,
  },
  deb: {
    depends: DEB_DEPENDS,
    // electron-builder's default, and `lp` for USB label printers and office printers through CUPS (a station with only network printers runs without it).
    recommends: ['libappindicator3-1', 'cups-client'],
  },
  win: { target: ['nsis'], icon: 'resources/icon.png' },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.business', icon: 'resources/icon.png', hardenedRuntime: true },
  dmg: { title: 'Backlot' },
};
