/**
 * CommandHistogram writes exactly what prom-client's Histogram writes for the same observations:
 * names, labels, buckets, values and order, as text and as JSON; and a hub counts its commands in it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Histogram, Registry } from 'prom-client';

import { CommandHistogram, type CommandOutcome } from '../../server/command-histogram.js';
import { startTestHub } from '../support/start-hub.js';
import { TestClient, http } from './client.js';

const NAME = 'tandem_command_duration_seconds';
const HELP = 'Time from a command frame to its reply, by command type and outcome.';
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Each observation into ours and into prom-client's, each in its own registry. */
function pair() {
  const ours = new Registry();
  const theirs = new Registry();
  const histogram = new CommandHistogram({ name: NAME, help: HELP, buckets: BUCKETS, registers: [ours] });
  const reference = new Histogram({
    name: NAME,
    help: HELP,
    labelNames: ['type', 'outcome'],
    buckets: BUCKETS,
    registers: [theirs],
  });
  const observe = (type: string, outcome: CommandOutcome, seconds: number) => {
    histogram.observe(type, outcome, seconds);
    reference.observe({ type, outcome }, seconds);
  };
  return { ours, theirs, histogram, observe };
}

describe('CommandHistogram', () => {
  it('writes nothing but its help and type before any command', async () => {
    const { ours, theirs } = pair();
    assert.equal(await ours.metrics(), await theirs.metrics());
  });

  it('writes the same text as a prom-client Histogram, series in the order first seen', async () => {
    const { ours, theirs, observe } = pair();
    // On the bounds, between them, past the last one, zero; series interleaved.
    const seconds = [0, 0.0005, 0.0007, 0.001, 0.003, 0.01, 0.2, 0.5, 2.5, 3, 40, 0.00001];
    seconds.forEach((s, i) => {
      observe('chat.send', 'ok', s);
      if (i % 3 === 0) observe('hello', 'ok', s / 2);
      if (i % 4 === 1) observe('chat.send', 'error', s * 3);
      if (i === 7) observe('ticket.join', 'internal', s);
    });
    const text = await ours.metrics();
    assert.equal(text, await theirs.metrics());
    assert.match(
      text,
      /tandem_command_duration_seconds_bucket\{le="0.001",type="chat.send",outcome="ok"\} 5/,
    );
    assert.match(text, /tandem_command_duration_seconds_count\{type="ticket.join",outcome="internal"\} 1/);
  });

  it('gives the same JSON values as a prom-client Histogram', async () => {
    const { ours, theirs, observe } = pair();
    observe('chat.send', 'ok', 0.002);
    observe('ping', 'error', 0.3);
    const values = async (registry: Registry) =>
      (await registry.getMetricsAsJSON())[0]!.values.map((line) => ({
        value: line.value,
        labels: line.labels,
        metricName: (line as { metricName?: string }).metricName,
      }));
    assert.deepEqual(await values(ours), await values(theirs));
  });

  it('forgets everything on reset, and ignores a duration that is not a number', async () => {
    const { ours, theirs, histogram, observe } = pair();
    observe('chat.send', 'ok', 0.002);
    ours.resetMetrics();
    theirs.resetMetrics();
    histogram.observe('chat.send', 'ok', Number.NaN);
    observe('ping', 'ok', 0.004);
    assert.equal(await ours.metrics(), await theirs.metrics());
    assert.doesNotMatch(await ours.metrics(), /chat\.send/);
  });

  it("counts a real hub's commands at /metrics, by type and outcome", async () => {
    const hub = await startTestHub();
    try {
      const client = await TestClient.connect(hub.port);
      await client.ok({ type: 'ping' });
      await client.ok({ type: 'ping' });
      await client.command({ type: 'chat.history', conversationId: 'none', afterSeq: 0 });
      await client.close();
      const { body } = await http(hub.port, '/metrics');
      assert.match(body, /^# TYPE tandem_command_duration_seconds histogram$/m);
      assert.match(body, /^tandem_command_duration_seconds_count\{type="ping",outcome="ok"\} 2$/m);
      assert.match(
        body,
        /^tandem_command_duration_seconds_bucket\{le="\+Inf",type="ping",outcome="ok"\} 2$/m,
      );
      assert.match(body, /^tandem_command_duration_seconds_count\{type="chat.history",outcome="error"\} 1$/m);
    } finally {
      await hub.stop();
    }
  });
});
