#!/usr/bin/env node
// The etc-counter command line (design.md §5). TypeScript sources run through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
