'use strict';
// A program holding more than the pool's 256 MiB in live large tensors still gets pooled outputs: the pool
// refuses new blocks only after 256 MiB were mapped with none coming back (native/pool.h), not by what is live.
// Prints the pool's stats before and after a synchronous loop of 60 ops on 4 MiB tensors.
const path = require('node:path');
const torch = require(path.resolve(__dirname, '..', '..'));
const b = require('node-gyp-build')(path.resolve(__dirname, '..', '..'));

const n = 1 << 20; // 4 MiB of float32
const held = [];
for (let i = 0; i < 80; i++) held.push(torch.ones(n)); // 320 MiB live for the whole run
const x = torch.randn(n);
const before = b.pool_stats();
let checksum = 0;
for (let i = 0; i < 60; i++) checksum += torch.sigmoid(x).mul(held[i]).sum().item();
const after = b.pool_stats();
console.log(JSON.stringify({ held: held.length, before, after, checksum }));
