#!/usr/bin/env node
// The `casus` command. Runs the compiled CLI in dist/cli/ (scripts/build-cli.mjs), rebuilding it
// first when a source file is newer than the build, so an edit to the TypeScript is never run stale.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_DIST, ensureCliBuild, orExit } from '../scripts/build-cli.mjs';

// Stack traces of --debug point into the TypeScript sources.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
await orExit(() => ensureCliBuild());
await import(pathToFileURL(join(CLI_DIST, 'cli', 'bin.js')).href);
