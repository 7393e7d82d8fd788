// The README's JavaScript snippet, run as written: only the endpoint and
// the names change (the snippet says 127.0.0.1:4566 and "alice").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ACCOUNT_ID, endpoint } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(path.join(here, '..', '..', '..', '..', 'README.md'), 'utf8');

test('the README JavaScript snippet runs as written', () => {
  const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  assert.equal(blocks.length, 1);
  const name = `readme-js-${randomBytes(4).toString('hex')}`;
  const code = blocks[0].replaceAll('http://127.0.0.1:4566', endpoint()).replaceAll('alice', name);
  // Beside the tests, so that the snippet's imports resolve to this suite's packages.
  const file = path.join(here, `.readme-${name}.mjs`);
  writeFileSync(file, code);
  try {
    const out = execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
    assert.deepEqual(out.trim().split('\n'), ['64', `arn:aws:iam::${ACCOUNT_ID}:mfa/${name}-phone`]);
  } finally {
    rmSync(file, { force: true });
  }
});
