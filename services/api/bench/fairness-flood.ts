/**
 * The flooding council's client for `pnpm bench:fairness`, in a process of its
 * own so its work does not share the measured client's event loop. It waits
 * for `{ seconds }` over IPC, then offers `FLOOD_RATE` requests a second, open
 * loop, for that long, and answers with what became of them.
 */
const url = process.env.FLOOD_URL!;
const token = process.env.FLOOD_TOKEN!;
const body = JSON.stringify({ query: process.env.FLOOD_QUERY! });
const rate = Number(process.env.FLOOD_RATE);

interface Outcomes {
  sent: number;
  ok: number;
  limited: number;
  failed: number;
  failures: string[];
}

async function send(o: Outcomes): Promise<void> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const text = await res.text();
    if (res.status === 429) o.limited += 1;
    else if (res.status === 200 && !text.includes('"errors"')) o.ok += 1;
    else {
      o.failed += 1;
      if (o.failures.length < 5) o.failures.push(`${res.status} ${text.slice(0, 200)}`);
    }
  } catch (e) {
    o.failed += 1;
    if (o.failures.length < 5) o.failures.push(String(e));
  }
}

async function flood(seconds: number): Promise<Outcomes> {
  const o: Outcomes = { sent: 0, ok: 0, limited: 0, failed: 0, failures: [] };
  const inFlight: Promise<void>[] = [];
  const start = Date.now();
  await new Promise<void>((done) => {
    // 10 ms ticks: timers alone lag when the loop is busy, so each tick catches up.
    const timer = setInterval(() => {
      const elapsed = Date.now() - start;
      const due = Math.floor((Math.min(elapsed, seconds * 1000) / 1000) * rate);
      for (; o.sent < due; o.sent += 1) inFlight.push(send(o));
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        done();
      }
    }, 10);
  });
  await Promise.all(inFlight);
  return o;
}

process.on('message', (m: { seconds: number }) => {
  void flood(m.seconds).then((o) => process.send!(o));
});
process.send!('ready');
