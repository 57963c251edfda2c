#!/usr/bin/env node
// npm install hook: use a matching prebuild if there is one, otherwise build native/ with cmake-js.
// Never fails the install: without a compiler torchlet runs on its JS backend (and says so once at load).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const root = path.join(__dirname, '..');

function loads() {
  try {
    require('node-gyp-build')(root);
    return true;
  } catch {
    return false;
  }
}

function warn(reason) {
  console.warn(`torchlet: could not build the native addon (${reason}); using the JS backend.`);
}

function main() {
  if (process.env.TORCHLET_SKIP_BUILD || loads()) return;
  const cmake = spawnSync('cmake', ['--version'], { stdio: 'ignore' });
  if (cmake.error || cmake.status !== 0) return warn('cmake was not found; it and a C++17 compiler are needed');
  let cmakeJs;
  try {
    cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  } catch {
    return warn('the cmake-js package is missing');
  }
  const result = spawnSync(process.execPath, [cmakeJs, 'compile'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return warn('cmake-js failed, see the output above');
  if (!loads()) warn('the built addon does not load');
}

try {
  main();
} catch (e) {
  warn(String(e && e.message));
}
