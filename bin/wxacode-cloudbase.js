#!/usr/bin/env node
'use strict';
// The installed command: the compiled CLI (dist/cli.js, built by scripts/build-cli.ts before npm pack).
require('../dist/cli.js').main();
