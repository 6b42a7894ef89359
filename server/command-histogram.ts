/**
 * `tandem_command_duration_seconds`: the time from a command frame to its reply, by type and
 * outcome. A prom-client metric of its own rather than a prom-client `Histogram`, because that
 * one validates, hashes and looks up its label object on every `observe` (a labelled child does
 * the same), and this runs once per command, chat messages included: here an observation is two
 * map lookups and a short loop over the bounds. The text at `/metrics` is what a `Histogram` with
 * the same name, help, label names and buckets writes (test/server/command-histogram.test.ts
 * compares them line for line).
 */
import type { Metric, Registry } from 'prom-client';

export type CommandOutcome = 'ok' | 'error' | 'internal';

/** One label pair's figures; `labels` is one object per series, as prom-client keeps it. */
interface Series {
  labels: { type: string; outcome: CommandOutcome };
  /** Observations per bucket (not cumulative), one per bound. */
  counts: number[];
  sum: number;
  count: number;
}

/** One line of the output, in the shape prom-client's registry formats. */
interface Value {
  labels: Record<string, string | number>;
  sharedLabels?: Series['labels'];
  value: number;
  metricName: string;
}

export class CommandHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #bounds: readonly number[];
  /** By type, then outcome: no key to build per observation. */
  #byType = new Map<string, Map<CommandOutcome, Series>>();
  /** In the order first observed, the order prom-client writes its series in. */
  #series: Series[] = [];

  constructor(options: { name: string; help: string; buckets: readonly number[]; registers: Registry[] }) {
    this.name = options.name;
    this.help = options.help;
    this.#bounds = [...options.buckets].sort((a, b) => a - b);
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  observe(type: string, outcome: CommandOutcome, seconds: number): void {
    // prom-client would throw; a metric must never fail a command.
    if (!Number.isFinite(seconds)) return;
    let byOutcome = this.#byType.get(type);
    if (!byOutcome) this.#byType.set(type, (byOutcome = new Map()));
    let series = byOutcome.get(outcome);
    if (!series) {
      series = { labels: { type, outcome }, counts: this.#bounds.map(() => 0), sum: 0, count: 0 };
      byOutcome.set(outcome, series);
      this.#series.push(series);
    }
    series.sum += seconds;
    series.count += 1;
    const bounds = this.#bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]!) {
        series.counts[i]! += 1;
        return;
      }
    }
  }

  reset(): void {
    this.#byType = new Map();
    this.#series = [];
  }

  /** What the registry writes as text: bucket labels apart from the series' labels, as prom-client does. */
  getForPromString(): Promise<{
    name: string;
    help: string;
    type: string;
    values: Value[];
    aggregator: string;
  }> {
    const bucket = `${this.name}_bucket`;
    const values: Value[] = [];
    for (const series of this.#series) {
      const sharedLabels = series.labels;
      let cumulative = 0;
      this.#bounds.forEach((le, i) => {
        cumulative += series.counts[i]!;
        values.push({ labels: { le }, sharedLabels, value: cumulative, metricName: bucket });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels, value: series.count, metricName: bucket },
        { labels: {}, sharedLabels, value: series.sum, metricName: `${this.name}_sum` },
        { labels: {}, sharedLabels, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }

  /** As JSON (`registry.getMetricsAsJSON`): each value with all its labels, as prom-client gives them. */
  async get(): Promise<{ name: string; help: string; type: string; values: Value[]; aggregator: string }> {
    const data = await this.getForPromString();
    data.values = data.values.map(({ labels, sharedLabels, ...rest }) => ({
      ...rest,
      labels: { ...labels, ...sharedLabels },
    }));
    return data;
  }
}
