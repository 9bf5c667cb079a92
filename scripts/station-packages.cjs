/**
 * Which npm packages the installed desktop app carries. The shell, the
 * station's utility process and the preload are bundles (scripts/
 * build-electron.ts) with their packages inside; only what cannot be bundled
 * is loaded from node_modules at run time:
 *
 * - sqlite3 and @node-rs/argon2: native modules (a .node file must sit on
 *   disk, unpacked beside app.asar);
 * - pdfkit: it finds its standard fonts with a run-time `require` of its own
 *   subpath imports ('#standard-fonts/...'), which a bundler cannot follow.
 *
 * electron-builder.config.cjs ships exactly these and what they load in turn
 * (their `dependencies` and installed `optionalDependencies`, less what a
 * package uses only to build or install itself); tests/electron/packaging
 * checks the bundles' own list of externals against this one.
 */
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const STATION_EXTERNALS = ['sqlite3', '@node-rs/argon2', 'pdfkit'];

/** Declared as dependencies, used only to compile or download a native module at install time. */
const INSTALL_ONLY = new Set(['node-addon-api', 'prebuild-install', 'tar', 'node-gyp']);

/** Drivers knex names for dialects the station never uses: required only if such a dialect were chosen, so neither bundled nor shipped. */
const UNUSED_KNEX_DRIVERS = ['pg', 'pg-query-stream', 'pg-native', 'mysql', 'mysql2', 'mariadb', 'mariadb/callback', 'oracledb', 'tedious', 'better-sqlite3'];

/** Node's resolution: the nearest node_modules/<name> from `fromDir` up to `root`. */
function resolvePackageDir(root, fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return null;
  }
}

/** Package folders (relative to `root`) the station loads at run time, each once, sorted. */
function stationRuntimePackages(root) {
  const seen = new Set();
  const visit = (dir) => {
    const rel = relative(root, dir).split('\\').join('/');
    if (seen.has(rel)) return;
    seen.add(rel);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const optional = new Set(Object.keys(pkg.optionalDependencies || {}));
    for (const name of new Set([...Object.keys(pkg.dependencies || {}), ...optional])) {
      if (INSTALL_ONLY.has(name)) continue;
      const found = resolvePackageDir(root, dir, name);
      if (found) visit(found);
      // An optional dependency for another platform is not installed here: nothing to ship. A required one must be.
      else if (!optional.has(name)) throw new Error(`${name}, which ${pkg.name} needs, is not installed: run npm ci`);
    }
  };
  for (const name of STATION_EXTERNALS) {
    const found = resolvePackageDir(root, root, name);
    if (!found) throw new Error(`${name} is not installed: run npm ci`);
    visit(found);
  }
  return [...seen].sort();
}

module.exports = { STATION_EXTERNALS, INSTALL_ONLY, UNUSED_KNEX_DRIVERS, stationRuntimePackages };
