'use strict';
// What the pool tells V8 (napi_adjust_external_memory): the memory it maps, not each hand-out (V8 counts every
// live ArrayBuffer's bytes itself). Prints the pool's stats after: 10 new 4 MiB blocks; their collection; 10
// hand-outs of cached blocks; and enough 64 MiB blocks to make the full cache evict the 4 MiB ones.
const path = require('node:path');
const torch = require(path.resolve(__dirname, '..', '..'));
const b = require('node-gyp-build')(path.resolve(__dirname, '..', '..'));

const stats = {};
let held = [];
for (let i = 0; i < 10; i++) held.push(torch.empty(1 << 20)); // 4 MiB each, all newly mapped
stats.mapped = b.pool_stats();
held = null;
global.gc();
stats.collected = b.pool_stats();
held = [];
for (let i = 0; i < 10; i++) held.push(torch.empty(1 << 20)); // from the cache
stats.reused = b.pool_stats();
held = null;
global.gc();
held = [];
for (let i = 0; i < 5; i++) held.push(torch.empty(1 << 24)); // 5 x 64 MiB, newly mapped
held = null;
global.gc(); // 320 MiB come back to a 256 MiB cache: the 4 MiB blocks, oldest, are evicted first
stats.evicted = b.pool_stats();
console.log(JSON.stringify(stats));
