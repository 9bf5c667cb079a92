/**
 * `npm run test:security`: Doyensec's electronegativity over main, preload
 * and the renderer. Fails on any HIGH (or CRITICAL) finding and lists the rest.
 *
 * Called through its programmatic runner: its CLI reads options the way
 * commander 2 did, but it does not declare commander, and the commander npm
 * hoists here (10.x) leaves every option undefined.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  manualReview?: boolean;
  description: string;
}

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js') as (
  options: Record<string, unknown>,
  forCli: boolean,
) => Promise<{ issues: Finding[]; errors: Array<{ file: string; message?: string }> }>;

// One scan over the three together: its global checks (navigation limits, permission
// handler, CSP) look for the guard anywhere in the app, as Electron applies it app-wide.
const TARGETS = ['main', 'preload', 'renderer'];
const FAILING = new Set(['HIGH', 'CRITICAL']);
const scanRoot = mkdtempSync(join(tmpdir(), 'backlot-eneg-'));
for (const target of TARGETS) cpSync(target, join(scanRoot, target), { recursive: true });

const result = await run(
  { input: scanRoot, isRelative: true, isVerbose: false, electronVersionOverride: '41.0.0', parserPlugins: [], customScan: [], excludeFromScan: [] },
  false,
);
rmSync(scanRoot, { recursive: true, force: true });
const high = result.issues.filter((i) => FAILING.has(i.severity.name.toUpperCase()));
const failed = high.length;
console.log(`electronegativity (${TARGETS.join(', ')}): ${result.issues.length} findings, ${high.length} high or critical, ${result.errors.length} files not parsed`);
for (const i of result.issues) {
  console.log(`  ${i.severity.name.padEnd(13)} ${i.confidence.name.padEnd(10)} ${i.id} ${i.file}:${i.location.line}${i.manualReview ? ' (manual review)' : ''}`);
}
for (const e of result.errors) console.log(`  not parsed: ${e.file} ${e.message ?? ''}`);

if (failed > 0) {
  console.error(`electronegativity: ${failed} high-severity findings`);
  process.exit(1);
}
console.log('electronegativity: no high-severity findings');
