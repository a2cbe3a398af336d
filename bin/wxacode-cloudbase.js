#!/usr/bin/env node
'use strict';
// The installed command: the compiled CLI (dist/cli.js, built by scripts/build-cli.ts before npm pack).
// Plain ES5-safe checks first, so an old Node says what to do instead of failing inside a dependency (sharp).
var parts = process.versions.node.split('.').map(Number);
if (parts[0] < 20 || (parts[0] === 20 && parts[1] < 9)) {
  process.stderr.write('wxacode-cloudbase needs Node.js 20.9 or later (this is ' + process.version + '): install a newer Node.js, e.g. the LTS from https://nodejs.org/zh-cn\n');
  process.exit(1);
}
require('../dist/cli.js').main();
