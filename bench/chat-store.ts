/**
 * The SQLite store's chat hot path alone, no sockets: messages appended to 200 conversations in
 * group commits of 40 (as the hub's batches under load), through `SqliteStore.appendMessage`. Side
 * by side in one run, alternating, each round in a fresh process on a fresh data directory:
 *
 *   after    this checkout (the write-behind message log, server/store/sqlite-message-log.ts)
 *   before   the commit before the message log (BENCH_BASELINE_REV names another), exported into a
 *            temporary directory (bench/support/compiled-hub.ts)
 *
 * Prints per round the store's cost per message (wall time of the whole run over the messages) and
 * the longest wait for one batch (in the log's case, a batch that paid for a compaction), then the
 * medians. Prints figures; never fails on time.
 *
 *   node --import tsx bench/chat-store.ts [messages] [rounds]      (default 40960 × 3)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ChatStore } from '../server/store/chat-store.js';
import { conversationRecord, messageDraft } from '../test/support/chat-records.js';
import { REPO_ROOT } from './support/processes.js';
import { baselineRoot } from './support/compiled-hub.js';

const CONVERSATIONS = 200;
const BATCH = 40;

/** One round in this process: the store of `root`, `total` messages; prints one JSON line. */
async function round(root: string, total: number): Promise<void> {
  const { SqliteStore } = (await import(
    join(root, 'server/store/sqlite-store.ts')
  )) as typeof import('../server/store/sqlite-store.js');
  const { seedIfEmpty } = (await import(
    join(root, 'server/store/seed.ts')
  )) as typeof import('../server/store/seed.js');
  const dir = mkdtempSync(join(tmpdir(), 'tandem-chat-store-'));
  const store = new SqliteStore(dir);
  // A baseline from before `store.chat` has the chat methods on the store itself.
  const chat = (store as { chat?: ChatStore }).chat ?? (store as unknown as ChatStore);
  try {
    await seedIfEmpty(store);
    const now = () => new Date().toISOString();
    await store.createVisitor({ id: 'v', orgId: 'demo', tokenHash: 'h', createdAt: now() });
    const ids: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const { conversation } = await chat.startConversation(
        conversationRecord(`c${i}`, { visitorId: 'v', scope: `s${i}`, status: 'active' }),
      );
      ids.push(conversation.id);
    }
    let longest = 0;
    const started = performance.now();
    for (let k = 0; k < total;) {
      const batch = [];
      for (let i = 0; i < BATCH; i++, k++)
        batch.push(
          chat.appendMessage(
            messageDraft(ids[k % CONVERSATIONS]!, `m${k}`, {
              text: 'Do you have these boots in a 39, and in brown?',
            }),
          ),
        );
      const at = performance.now();
      await Promise.all(batch);
      longest = Math.max(longest, performance.now() - at);
    }
    const micros = ((performance.now() - started) * 1000) / total;
    console.log(JSON.stringify({ micros, longest }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--round') {
  await round(process.argv[3]!, Number(process.argv[4]));
} else {
  const total = Number(process.argv[2] ?? 40_960);
  const rounds = Number(process.argv[3] ?? 3);
  const before = baselineRoot(
    'message_log',
    'server/store/sqlite-migrations.ts',
    process.env.BENCH_BASELINE_REV,
  );
  const targets = [
    { name: 'after (message log)', root: REPO_ROOT },
    ...(before ? [{ name: 'before', root: before }] : []),
  ];
  const results = new Map<string, Array<{ micros: number; longest: number }>>();
  const loadBefore = loadavg()[0]!;
  console.log(
    `chat store: ${total} messages, ${CONVERSATIONS} conversations, batches of ${BATCH}, ${rounds} rounds`,
  );
  for (let r = 0; r < rounds; r++)
    for (const target of targets) {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', join(REPO_ROOT, 'bench', 'chat-store.ts'), '--round', target.root, String(total)],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      );
      const result = JSON.parse(out.trim().split('\n').at(-1)!) as { micros: number; longest: number };
      results.set(target.name, [...(results.get(target.name) ?? []), result]);
      console.log(
        `  ${target.name.padEnd(20)} round ${r + 1}: ${result.micros.toFixed(1)} µs/message, longest batch ${result.longest.toFixed(1)} ms`,
      );
    }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`  load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`);
  for (const [name, list] of results)
    console.log(
      `  median ${name.padEnd(20)} ${median(list.map((x) => x.micros)).toFixed(1)} µs/message, longest batch ${median(list.map((x) => x.longest)).toFixed(1)} ms`,
    );
}
