/**
 * A `serve --training` process, started exactly as `etc-counter serve` starts it (main/cli/serve.ts
 * launchBrowserMode: services, browser mode and the crash policy), with one thing added for the test:
 * each line on stdin plants an error nobody catches — `throw` throws inside a timer, `reject` leaves a
 * rejected promise unhandled. Prints the launch address first, as serve does. Run with `node --import tsx`.
 */
import { parseLaunchArgs } from '../../main/app/launch-args';
import { launchBrowserMode } from '../../main/cli/serve';

const served = await launchBrowserMode(parseLaunchArgs(['--training']), (line) => process.stderr.write(`${line}\n`));
process.stdout.write(`${served.mode.url}\n`);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  for (const what of chunk.split('\n').map((l) => l.trim()).filter(Boolean)) {
    if (what === 'url') process.stdout.write(`${served.mode.newUrl()}\n`);
    if (what === 'throw') setTimeout(() => { throw new Error('planted: thrown in a timer'); }, 5);
    if (what === 'reject') setTimeout(() => { void Promise.reject(new Error('planted: rejected, nobody waits')); }, 5);
  }
});
process.on('SIGTERM', () => void served.stop().then(() => process.exit(0)));
