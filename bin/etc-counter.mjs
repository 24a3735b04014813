#!/usr/bin/env node
// The etc-counter command line (docs/architecture.md §5). TypeScript sources run through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
// Exit once the command is done: pcsclite's native status threads can keep the event loop alive after
// the reader was closed (seen now and then with pcscd's vpcd driver). stdout/stderr to pipes and files
// are synchronous on Linux, so nothing written is lost.
process.exit(await main(process.argv.slice(2)));
