// The README's example runs and prints what its comments say.
import { it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

it('README example prints what it claims', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const code = readme.match(/```js\n([\s\S]*?)```/)![1];
  // every `console.log(...); // <expected>` line, and the commented block after console.log(model)
  const expected = [...code.matchAll(/console\.log\(.*\);[ \t]*\/\/ (.*?)(?::|$)/gm)].map((m) => m[1].trim());
  const repr = [...code.matchAll(/^\/\/ ( *[A-Z(].*|\))$/gm)].map((m) => m[1]);
  const run = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', env: { ...process.env, TORCHLET_QUIET: '1' } });
  expect(run.stderr).toBe('');
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines.slice(0, repr.length)).toEqual(repr);
  expect(lines.slice(repr.length).map((l) => l.trim())).toEqual(expected);
});
