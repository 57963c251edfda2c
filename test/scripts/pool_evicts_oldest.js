'use strict';
// A program that moves on to another tensor size still gets pooled blocks: a full cache evicts the blocks that
// came back longest ago instead of refusing the new size's blocks (native/pool.h). Fills the cache with 4 MiB
// blocks, then prints the pool's stats around a synchronous loop of 30 relu ops on 64 MiB tensors.
const path = require('node:path');
const torch = require(path.resolve(__dirname, '..', '..'));
const b = require('node-gyp-build')(path.resolve(__dirname, '..', '..'));

const small = torch.randn(1 << 20); // 4 MiB
let held = [];
for (let i = 0; i < 70; i++) held.push(small.relu()); // 280 MiB of 4 MiB blocks
held = null;
global.gc(); // they all come back: the cache is full of 4 MiB blocks
const filled = b.pool_stats();
const x = torch.randn(1 << 24); // 64 MiB
const before = b.pool_stats();
let checksum = 0;
for (let i = 0; i < 30; i++) checksum += x.relu().max().item();
const after = b.pool_stats();
console.log(JSON.stringify({ filled, before, after, checksum }));
