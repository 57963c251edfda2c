#!/usr/bin/env node
// Writes dist/index.mjs and dist/index.d.mts: ESM entry points re-exporting the CommonJS build by name,
// so `import * as torch from 'torchlet'` and `require('torchlet')` share one module instance.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
process.env.TORCHLET_QUIET = '1';
const names = Object.keys(require(path.join(dist, 'index.js'))).filter((n) => n !== 'default' && n !== '__esModule');
// export aliases, since some of PyTorch's names (`var`) are reserved words as bindings
const bindings = names.map((name, i) => `const _${i} = torch[${JSON.stringify(name)}];`);
const aliases = names.map((name, i) => `_${i} as ${name}`);
fs.writeFileSync(
  path.join(dist, 'index.mjs'),
  `import torch from './index.js';\n${bindings.join('\n')}\nexport { ${aliases.join(', ')} };\nexport default torch;\n`,
);
fs.writeFileSync(
  path.join(dist, 'index.d.mts'),
  `export * from './index.js';\nimport * as torch from './index.js';\nexport default torch;\n`,
);
