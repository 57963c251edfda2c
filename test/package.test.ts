// The package as users get it: the built dist/ through its ESM and CommonJS entry points and .d.ts types,
// backend selection by environment, and the JS fallback when the addon is missing.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

function node(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const env = { ...process.env, ...options.env };
  delete env.TORCHLET_QUIET;
  if (!options.env?.TORCHLET_BACKEND) delete env.TORCHLET_BACKEND;
  return spawnSync(process.execPath, args, { cwd: options.cwd ?? root, env, encoding: 'utf8' });
}

// These tests exercise what ships, dist/, which `npm test` builds before running vitest (building it here
// would race with other test files that load dist/).
beforeAll(() => {
  const built = fs.statSync(path.join(root, 'dist/index.mjs')).mtimeMs;
  const newest = Math.max(...fs.readdirSync(path.join(root, 'lib'), { recursive: true, encoding: 'utf8' }).map((f) => fs.statSync(path.join(root, 'lib', f)).mtimeMs));
  if (newest > built) throw new Error('dist/ is older than lib/: run `npm run build:ts` (npm test does)');
});

describe('entry points', () => {
  it('ESM `import * as torch from "torchlet"` and require("torchlet") share one module', () => {
    const esm = node([
      '--input-type=module',
      '-e',
      `import * as torch from 'torchlet'; import { createRequire } from 'node:module';
       const cjs = createRequire(process.cwd() + '/')('torchlet');
       const x = torch.tensor([-1, 0.5]);
       console.log(JSON.stringify([String(torch.nn.functional.relu(x)), cjs.tensor === torch.tensor, typeof torch.var]));`,
    ]);
    expect(esm.stderr).toBe('');
    expect(JSON.parse(esm.stdout)).toEqual(['tensor([0.0000, 0.5000])', true, 'function']);
  });

  it('CommonJS require works on its own', () => {
    const cjs = node(['-e', `const torch = require('torchlet'); console.log(String(torch.softmax(torch.tensor([1000, 1001]), 0)))`]);
    expect(cjs.stdout.trim()).toBe('tensor([0.2689, 0.7311])');
  });

  it('the .d.ts files type PyTorch-style usage (tsc on test/types/usage.ts)', () => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'test/types/tsconfig.json')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});

describe('backend selection', () => {
  const report = `const t = require('torchlet'); t.relu(t.ones(2)); require('torchlet'); console.log(JSON.stringify(t.backend()))`;

  it('TORCHLET_BACKEND=js forces the JS backend; an unknown value is an error', () => {
    const js = node(['-e', report], { env: { TORCHLET_BACKEND: 'js' } });
    expect(JSON.parse(js.stdout)).toEqual({ name: 'js', isa: 'js', num_threads: 1 });
    const badValue = node(['-e', report], { env: { TORCHLET_BACKEND: 'gpu' } });
    expect(badValue.status).not.toBe(0);
    expect(badValue.stderr).toMatch(/TORCHLET_BACKEND must be 'js' or 'native', got 'gpu'/);
  });

  it('without a loadable addon: one warning, JS backend; forcing native is an error', () => {
    // a copy of the package with dist/ but no build/ or prebuilds/
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlet-noaddon-'));
    fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
    fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    try {
      const fallback = node(['-e', report], { cwd: dir });
      expect(JSON.parse(fallback.stdout).name).toBe('js');
      expect(fallback.stderr.match(/TorchletWarning: native addon unavailable/g)).toHaveLength(1);
      const forced = node(['-e', report], { cwd: dir, env: { TORCHLET_BACKEND: 'native' } });
      expect(forced.status).not.toBe(0);
      expect(forced.stderr).toMatch(/TORCHLET_BACKEND=native but the native addon failed to load/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
