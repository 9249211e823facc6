#!/usr/bin/env node
// npm links a workspace's bins at install time and skips a bin whose file does not exist yet, so
// on a fresh clone (`npm ci`, then `npm run build`) a bin pointing into dist/ was never linked.
// This committed launcher exists before any build and runs the built CLI.
import '../dist/alerts/cli.js';
