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

if (process.env.TORCHLET_SKIP_BUILD) process.exit(0);
if (loads()) process.exit(0);

const cmakeJs = (() => {
  try {
    return require.resolve('cmake-js/bin/cmake-js');
  } catch {
    return null;
  }
})();
const result = cmakeJs
  ? spawnSync(process.execPath, [cmakeJs, 'compile'], { cwd: root, stdio: 'inherit' })
  : { status: 1 };
if (result.status !== 0 || !loads()) {
  console.warn('torchlet: could not build the native addon (needs cmake and a C++17 compiler); using the JS backend.');
}
