'use strict';
// Pooled outputs in a loop that never yields: 400 relu calls on 1e6 floats (4 MB outputs, 1.6 GB in all).
// Run with --trace-gc; prints the pool's hits and misses over the loop as the last line (the GC lines come before).
const path = require('node:path');
const torch = require(path.resolve(__dirname, '..', '..'));
const b = require('node-gyp-build')(path.resolve(__dirname, '..', '..'));

const x = torch.randn(1e6);
for (let i = 0; i < 20; i++) torch.relu(x); // map the blocks the loop cycles through
const before = b.pool_stats();
console.log('loop starts');
for (let i = 0; i < 400; i++) torch.relu(x);
const after = b.pool_stats();
console.log(JSON.stringify({ calls: 400, hits: after.hits - before.hits, misses: after.misses - before.misses }));
