// The native caching pool for large outputs: blocks return on GC, are reused, and are zeroed when asked.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers';

describe.runIf(BACKENDS.includes('native'))('native memory pool', () => {
  it('a collected 8 MiB block is handed out again (a hit) and zeroed when asked', () => {
    const script = path.join(__dirname, 'scripts', 'pool_reuse.js');
    const out = execFileSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8' });
    const { cachedBefore, after } = JSON.parse(out);
    expect(cachedBefore.cached).toBeGreaterThanOrEqual(8 << 20);
    expect(after.hits).toBe(cachedBefore.hits + 1);
  });
});
