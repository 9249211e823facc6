#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { alertRules, renderRules } from './alert-rules.js';
import { parseCliArgs, USAGE } from './cli-options.js';

// `preflight-alerts`: prints the rule file, or writes it with --out. Exit 2 on bad usage.
try {
  const request = parseCliArgs(process.argv.slice(2));
  if (request.help) {
    process.stdout.write(USAGE);
  } else {
    const yaml = renderRules(alertRules(request.options));
    if (request.out === undefined) process.stdout.write(yaml);
    else writeFileSync(request.out, yaml);
  }
} catch (error) {
  process.stderr.write(`preflight-alerts: ${(error as Error).message}\n\n${USAGE}`);
  process.exitCode = 2;
}
