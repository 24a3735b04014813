import { it } from 'vitest';
import { finish, runProgram, violations, type Step } from '../interleave/program';
import { World } from '../interleave/world';
it('replay', async () => {
  const steps = JSON.parse(process.env.PROG ?? '[]') as Step[];
  const w = await World.create(15);
  const t = { ops: 0, faults: 0, kills: 0, refusals: 0 };
  await runProgram(w, steps, t);
  await finish(w);
  console.log(JSON.stringify(await violations(w)));
  for (const q of w.sim.requests) console.log('REQ', q.method, q.path, q.status);
  for (const r of w.counter.journal.day(new Date(w.clock.now()).toISOString().slice(0,10)).concat(w.counter.journal.unfinished())) {
    console.log(r.id.slice(-4), r.amountFen, r.state, r.error, r.orderId ? w.sim.order(r.orderId).status : '-');
    console.log('   ', w.counter.journal.events(r.id).map((e) => `${e.state}:${e.data.step}${e.data.step==='intent'?'/'+e.data.action:''}${e.data.step==='decision'?'/'+e.data.verdict+'/'+e.data.via:''}`).join(' '));
  }
  for (const r of w.counter.journal.needsAdmin()) { console.log(JSON.stringify(w.counter.journal.events(r.id).at(-1)?.data)); console.log(JSON.stringify(w.sim.events(r.orderId ?? ''))); }
  console.log(JSON.stringify(w.card.snapshot()));
  await w.close();
}, 60000);
