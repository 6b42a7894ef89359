/**
 * The hub end to end over WebSocket, against a real hub process on a random port: hello, queues,
 * agents, live updates, presence, refusals at the handshake, tenancy, and what survives a restart.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import Database from 'better-sqlite3';

import type {
  AgentProfile,
  AgentSignInResult,
  CallAgent,
  HelloResult,
  QueueState,
  QueueSubscribeResult,
} from '../../src/protocol/frames.js';
import { openingStatus } from '../../server/services/opening-hours.js';
import { hashPassword } from '../../server/services/passwords.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub } from '../support/start-hub.js';
import { TestClient, http } from './client.js';
import type { ConnectOptions } from './client.js';

const QUEUE_STATE_KEYS = [
  'agents',
  'estimatedWaitingTime',
  'isOpen',
  'name',
  'nextCloseTime',
  'nextOpenTime',
  'numberOfAgentsBusy',
  'numberOfAgentsOnline',
  'queueId',
  'timeZone',
  'waiting',
];

const names = (state: QueueState) => state.agents.map((agent) => agent.id);

/** Opens clients for one test and closes them all afterwards. */
function clientPool(hub: () => TestHub) {
  const open: TestClient[] = [];
  return {
    async connect(options?: ConnectOptions): Promise<TestClient> {
      const client = await TestClient.connect(hub().port, options);
      open.push(client);
      return client;
    },
    async closeAll(): Promise<void> {
      await Promise.all(open.splice(0).map((client) => client.close()));
    },
  };
}

async function signIn(client: TestClient, agentId: string, password = 'demo'): Promise<AgentSignInResult> {
  return client.ok<AgentSignInResult>({ type: 'agent.signIn', agentId, password });
}

async function subscribe(client: TestClient, queue: string): Promise<QueueState> {
  return (await client.ok<QueueSubscribeResult>({ type: 'queue.subscribe', queue })).queue;
}

describe('hub over WebSocket', () => {
  let hub: TestHub;
  const pool = clientPool(() => hub);

  before(async () => {
    hub = await startTestHub({ presenceGraceMs: 100 });
  });
  after(async () => {
    await hub?.stop();
  });
  afterEach(async () => {
    await pool.closeAll();
    // Wait until every agent of the last test has gone offline, so tests do not see each other.
    const watcher = await pool.connect();
    const state = await subscribe(watcher, 'default');
    if (state.numberOfAgentsOnline > 0)
      await watcher.queueState('default', (s) => s.numberOfAgentsOnline === 0);
    await pool.closeAll();
  });

  it('says hello with a new visitor token, and keeps a valid one', async () => {
    const first = await pool.connect();
    const hello = await first.ok<HelloResult>({ type: 'hello' });
    assert.match(hello.visitorToken, /^v_[A-Za-z0-9_-]{40,}$/);
    assert.equal(typeof hello.sessionId, 'string');
    assert.equal(hello.agent, null);
    assert.ok(
      Math.abs(Date.parse(hello.serverTime) - Date.now()) < 60_000,
      'serverTime is an ISO instant of now',
    );

    const second = await pool.connect();
    const again = await second.ok<HelloResult>({ type: 'hello', visitorToken: hello.visitorToken });
    assert.equal(again.visitorToken, hello.visitorToken);
    assert.notEqual(again.sessionId, hello.sessionId);

    const forged = await second.ok<HelloResult>({
      type: 'hello',
      visitorToken: 'v_forgedforgedforgedforgedforged',
    });
    assert.notEqual(forged.visitorToken, 'v_forgedforgedforgedforgedforged');
    assert.match(forged.visitorToken, /^v_/);
  });

  it('subscribes to queues by id, slug or name, ignoring case, with the full QueueState', async () => {
    const visitor = await pool.connect();
    const support = await subscribe(visitor, 'support');
    assert.deepEqual(Object.keys(support).sort(), QUEUE_STATE_KEYS);
    assert.deepEqual(support, {
      queueId: 'default',
      name: 'Support',
      isOpen: true,
      nextOpenTime: null,
      nextCloseTime: null,
      timeZone: 'Europe/Stockholm',
      agents: [],
      numberOfAgentsOnline: 0,
      numberOfAgentsBusy: 0,
      waiting: 0,
      estimatedWaitingTime: null,
    });
    assert.equal((await subscribe(visitor, 'default')).queueId, 'default');

    const before = openingStatus(
      [
        ...([1, 2, 3, 4, 5] as const).map((day) => ({ day, open: '09:00', close: '17:00' })),
        { day: 6 as const, open: '10:00', close: '14:00' },
      ],
      'Europe/Stockholm',
      Date.now(),
    );
    const fashion = await subscribe(visitor, 'FASHION');
    assert.equal(fashion.queueId, 'fashion');
    assert.equal(fashion.name, 'Fashion');
    assert.equal(fashion.timeZone, 'Europe/Stockholm');
    assert.equal(fashion.isOpen, before.isOpen);
    assert.equal(fashion.nextOpenTime, before.nextOpenTime);
    assert.ok(
      fashion.nextOpenTime !== null && fashion.nextCloseTime !== null,
      'shop hours have a next open and close',
    );
    assert.equal((await subscribe(visitor, 'Fashion')).queueId, 'fashion');

    const missing = await visitor.command({ type: 'queue.subscribe', queue: 'no-such-queue' });
    assert.equal(missing.type, 'error');
    assert.equal(missing.type === 'error' && missing.code, 'not-found');

    assert.deepEqual(await visitor.ok({ type: 'queue.unsubscribe', queueId: 'fashion' }), {});
    const unknown = await visitor.command({ type: 'queue.unsubscribe', queueId: 'no-such-queue' });
    assert.equal(unknown.type === 'error' && unknown.code, 'not-found');
  });

  it('signs an agent in online; a wrong password and an unknown agent get the same bad-credentials', async () => {
    const client = await pool.connect();
    const signedIn = await signIn(client, 'anna');
    assert.match(signedIn.token, /^a_[A-Za-z0-9_-]{40,}$/);
    const hours = (Date.parse(signedIn.expiresAt) - Date.now()) / 3_600_000;
    assert.ok(hours > 11.9 && hours <= 12, `expires in 12 h, not ${hours} h`);
    assert.deepEqual(signedIn.agent, {
      id: 'anna',
      name: 'Anna Berg',
      status: 'online',
      tags: ['fashion-support', 'sv'],
      profile_photo_url: `http://localhost:${hub.port}/media/agents/demo/anna.svg`,
      orgId: 'demo',
    } satisfies AgentProfile);

    const wrongPassword = await client.command({ type: 'agent.signIn', agentId: 'bjorn', password: 'nope' });
    const unknownAgent = await client.command({ type: 'agent.signIn', agentId: 'nobody', password: 'demo' });
    assert.equal(wrongPassword.type === 'error' && wrongPassword.code, 'bad-credentials');
    assert.equal(unknownAgent.type === 'error' && unknownAgent.code, 'bad-credentials');
    assert.equal(
      wrongPassword.type === 'error' && wrongPassword.message,
      unknownAgent.type === 'error' && unknownAgent.message,
    );
  });

  it('pushes status changes live to subscribed visitors, in the CallAgent shape', async () => {
    const visitor = await pool.connect();
    await visitor.ok({ type: 'hello' });
    assert.equal((await subscribe(visitor, 'default')).numberOfAgentsOnline, 0);
    assert.equal((await subscribe(visitor, 'fashion')).numberOfAgentsOnline, 0);

    let mark = visitor.frames.length;
    const anna = await pool.connect();
    await signIn(anna, 'anna');
    const withAnna = await visitor.queueState('default', (s) => s.numberOfAgentsOnline === 1, mark);
    assert.deepEqual(withAnna.agents, [
      {
        id: 'anna',
        name: 'Anna Berg',
        status: 'online',
        tags: ['fashion-support', 'sv'],
        profile_photo_url: `http://localhost:${hub.port}/media/agents/demo/anna.svg`,
      } satisfies CallAgent,
    ]);
    assert.equal(withAnna.estimatedWaitingTime, 0, 'nobody waits, so no wait once someone is online');
    const fashion = await visitor.queueState('fashion', (s) => s.numberOfAgentsOnline === 1, mark);
    assert.deepEqual(names(fashion), ['anna']);

    // Björn lacks the fashion-support tag: he joins Support only.
    mark = visitor.frames.length;
    const bjorn = await pool.connect();
    await signIn(bjorn, 'bjorn');
    const both = await visitor.queueState('default', (s) => s.numberOfAgentsOnline === 2, mark);
    assert.deepEqual(names(both), ['anna', 'bjorn'], 'sorted by name');

    mark = visitor.frames.length;
    assert.equal(
      (await anna.ok<{ agent: AgentProfile }>({ type: 'agent.setStatus', status: 'busy' })).agent.status,
      'busy',
    );
    assert.deepEqual(names(await visitor.queueState('default', (s) => s.numberOfAgentsOnline === 1, mark)), [
      'bjorn',
    ]);
    const fashionEmpty = await visitor.queueState('fashion', (s) => s.numberOfAgentsOnline === 0, mark);
    assert.equal(fashionEmpty.estimatedWaitingTime, null);

    mark = visitor.frames.length;
    await anna.ok({ type: 'agent.setStatus', status: 'online' });
    assert.deepEqual(names(await visitor.queueState('default', (s) => s.numberOfAgentsOnline === 2, mark)), [
      'anna',
      'bjorn',
    ]);

    mark = visitor.frames.length;
    await bjorn.ok({ type: 'agent.setStatus', status: 'offline' });
    assert.deepEqual(names(await visitor.queueState('default', (s) => s.numberOfAgentsOnline === 1, mark)), [
      'anna',
    ]);

    // Only real changes are pushed: every pushed Support state differs from the one before it.
    const pushed = visitor.frames
      .filter((f) => f.type === 'queue.state' && f.queue.queueId === 'default')
      .map((f) => JSON.stringify(f));
    for (let i = 1; i < pushed.length; i++) assert.notEqual(pushed[i], pushed[i - 1]);

    const photo = await http(hub.port, new URL(withAnna.agents[0]!.profile_photo_url).pathname);
    assert.equal(photo.status, 200);
    assert.match(photo.headers['content-type'] ?? '', /^image\/svg\+xml/);
  });

  it("tells an agent's other connections its new status, and not the one that set it", async () => {
    const tabA = await pool.connect();
    const { token } = await signIn(tabA, 'chen');
    const tabB = await pool.connect();
    const hello = await tabB.ok<HelloResult>({ type: 'hello', agentToken: token });
    assert.equal(hello.agent?.id, 'chen');
    assert.equal(hello.agent?.status, 'online');

    const markB = tabB.frames.length;
    const markA = tabA.frames.length;
    await tabA.ok({ type: 'agent.setStatus', status: 'busy' });
    const state = await tabB.waitFor((f) => f.type === 'agent.state', markB);
    assert.equal(state.type === 'agent.state' && state.agent.status, 'busy');
    assert.equal(state.type === 'agent.state' && state.agent.orgId, 'demo');
    await tabA.ok({ type: 'ping' });
    assert.equal(
      tabA.frames.slice(markA).filter((f) => f.type === 'agent.state').length,
      0,
      'the reply already told tab A',
    );
  });

  it('needs a signed-in agent for setStatus and signOut, and signing out ends the session', async () => {
    const stranger = await pool.connect();
    for (const command of [
      { type: 'agent.setStatus', status: 'online' },
      { type: 'agent.signOut' },
    ] as const) {
      const answer = await stranger.command(command);
      assert.equal(answer.type === 'error' && answer.code, 'unauthorized', command.type);
    }
    // A visitor token is no agent token.
    const visitorToken = (await stranger.ok<HelloResult>({ type: 'hello' })).visitorToken;
    assert.equal((await stranger.ok<HelloResult>({ type: 'hello', agentToken: visitorToken })).agent, null);

    const agent = await pool.connect();
    const { token } = await signIn(agent, 'bjorn');
    // And an agent token is no visitor token.
    const asVisitor = await stranger.ok<HelloResult>({ type: 'hello', visitorToken: token });
    assert.notEqual(asVisitor.visitorToken, token);
    assert.match(asVisitor.visitorToken, /^v_/);

    const otherTab = await pool.connect();
    await otherTab.ok({ type: 'hello', agentToken: token });
    assert.deepEqual(await agent.ok({ type: 'agent.signOut' }), {});
    const after = await agent.command({ type: 'agent.setStatus', status: 'online' });
    assert.equal(after.type === 'error' && after.code, 'unauthorized');
    const revoked = await otherTab.command({ type: 'agent.setStatus', status: 'online' });
    assert.equal(revoked.type === 'error' && revoked.code, 'session-expired');
    assert.equal((await stranger.ok<HelloResult>({ type: 'hello', agentToken: token })).agent, null);
  });

  it('takes an agent offline once the grace after its last socket closing has passed', async () => {
    const visitor = await pool.connect();
    await subscribe(visitor, 'default');
    const anna = await TestClient.connect(hub.port);
    let mark = visitor.frames.length;
    await signIn(anna, 'anna');
    await visitor.queueState('default', (s) => names(s).includes('anna'), mark);
    mark = visitor.frames.length;
    await anna.close();
    const state = await visitor.queueState('default', (s) => !names(s).includes('anna'), mark);
    assert.equal(state.numberOfAgentsOnline, 0);
    assert.equal(state.estimatedWaitingTime, null);
  });

  it('answers a repeated command id with the same reply without doing the work again', async () => {
    const client = await pool.connect();
    const first = await client.command(
      { type: 'agent.signIn', agentId: 'anna', password: 'demo' },
      'same-id',
    );
    const second = await client.command(
      { type: 'agent.signIn', agentId: 'anna', password: 'demo' },
      'same-id',
    );
    assert.equal(first.type, 'reply');
    assert.deepEqual(second, first, 'same token: no second session was made');
  });

  it('refuses an unknown org with org-not-found and close code 4404', async () => {
    for (const org of ['no-such-org', '']) {
      const client = await TestClient.connect(hub.port, { org });
      const error = await client.waitFor((f) => f.type === 'error');
      assert.equal(error.type === 'error' && error.code, 'org-not-found');
      assert.equal((await client.closed).code, 4404);
    }
  });

  it('refuses a page origin the org does not allow with origin-not-allowed and close code 4403', async () => {
    const client = await TestClient.connect(hub.port, { origin: 'https://evil.example' });
    const error = await client.waitFor((f) => f.type === 'error');
    assert.equal(error.type === 'error' && error.code, 'origin-not-allowed');
    assert.match(error.type === 'error' ? error.message : '', /evil\.example/);
    assert.equal((await client.closed).code, 4403);

    const allowed = await pool.connect({ origin: 'http://localhost:5173' });
    assert.deepEqual(await allowed.ok({ type: 'ping' }), {});
  });

  describe('tenancy', () => {
    before(async () => {
      // A second org written straight into the hub's database (WAL lets two processes share it).
      const db = new Database(join(hub.dataDir, 'tandem.sqlite'));
      try {
        const hash = await hashPassword('other-secret');
        db.prepare(
          `INSERT INTO orgs (id, name, allowed_origins) VALUES ('other', 'Other Shop', '["http://localhost:*"]')`,
        ).run();
        db.prepare(
          `INSERT INTO queues (org_id, id, slug, name, time_zone, opening_hours, agent_tag, average_handle_seconds)
           VALUES ('other', 'secret', 'secret', 'Secret', 'UTC', NULL, NULL, 60)`,
        ).run();
        db.prepare(
          `INSERT INTO agents (org_id, id, name, tags, photo_url, status, password_hash)
           VALUES ('other', 'olga', 'Olga Other', '[]', '/media/agents/olga.svg', 'offline', ?)`,
        ).run(hash);
      } finally {
        db.close();
      }
    });

    it("treats another org's queues, agents and tokens as not found", async () => {
      const other = await pool.connect({ org: 'other' });
      const olga = await other.ok<AgentSignInResult>({
        type: 'agent.signIn',
        agentId: 'olga',
        password: 'other-secret',
      });
      const otherVisitor = (await other.ok<HelloResult>({ type: 'hello' })).visitorToken;
      assert.equal((await subscribe(other, 'secret')).numberOfAgentsOnline, 1);

      const demo = await pool.connect();
      const queue = await demo.command({ type: 'queue.subscribe', queue: 'secret' });
      assert.equal(queue.type === 'error' && queue.code, 'not-found');
      const unsubscribe = await demo.command({ type: 'queue.unsubscribe', queueId: 'secret' });
      assert.equal(unsubscribe.type === 'error' && unsubscribe.code, 'not-found');
      const agent = await demo.command({ type: 'agent.signIn', agentId: 'olga', password: 'other-secret' });
      assert.equal(agent.type === 'error' && agent.code, 'bad-credentials');
      const hello = await demo.ok<HelloResult>({
        type: 'hello',
        agentToken: olga.token,
        visitorToken: otherVisitor,
      });
      assert.equal(hello.agent, null, "another org's agent token resumes nothing");
      assert.notEqual(
        hello.visitorToken,
        otherVisitor,
        "another org's visitor token is not this org's visitor",
      );

      // Olga being online shows in no demo queue.
      assert.deepEqual(names(await subscribe(demo, 'default')), []);
      const api = await http(hub.port, '/api/orgs/demo/queues/secret');
      assert.equal(api.status, 404);
      assert.equal(JSON.parse(api.body).code, 'not-found');
      const agents = JSON.parse((await http(hub.port, '/api/orgs/demo/agents')).body) as CallAgent[];
      assert.deepEqual(agents, []);
    });
  });
});

describe('presence grace', () => {
  let hub: TestHub;
  const pool = clientPool(() => hub);

  before(async () => {
    // Long enough that the reconnect below always lands inside it.
    hub = await startTestHub({ presenceGraceMs: 120_000 });
  });
  after(async () => {
    await pool.closeAll();
    await hub?.stop();
  });

  it('keeps an agent online through a reconnect within the grace', async () => {
    const visitor = await pool.connect();
    await subscribe(visitor, 'default');
    const first = await TestClient.connect(hub.port);
    const mark = visitor.frames.length;
    const { token } = await signIn(first, 'anna');
    await visitor.queueState('default', (s) => names(s).includes('anna'), mark);
    const afterSignIn = visitor.frames.length;

    await first.close();
    const second = await pool.connect();
    const hello = await second.ok<HelloResult>({ type: 'hello', agentToken: token });
    assert.equal(hello.agent?.status, 'online');
    await visitor.ok({ type: 'ping' });
    const flickers = visitor.frames
      .slice(afterSignIn)
      .filter((f) => f.type === 'queue.state' && !names(f.queue).includes('anna'));
    assert.deepEqual(flickers, [], 'the visitor never saw Anna leave');
  });
});

describe('restart', () => {
  let hub: TestHub;

  before(async () => {
    hub = await startTestHub({ presenceGraceMs: 100 });
  });
  after(async () => {
    await hub?.stop();
  });

  it('keeps agent sessions, chosen statuses and visitor tokens across a restart', async () => {
    const agent = await TestClient.connect(hub.port);
    const { token } = await signIn(agent, 'anna');
    await agent.ok({ type: 'agent.setStatus', status: 'busy' });
    const visitor = await TestClient.connect(hub.port);
    const { visitorToken } = await visitor.ok<HelloResult>({ type: 'hello' });

    await hub.restart();
    assert.equal((await agent.closed).code, 1001, 'clients are told the hub is going away');
    await visitor.closed;

    const resumed = await TestClient.connect(hub.port);
    const hello = await resumed.ok<HelloResult>({ type: 'hello', agentToken: token, visitorToken });
    assert.equal(hello.agent?.id, 'anna');
    assert.equal(hello.agent?.status, 'busy');
    assert.equal(hello.visitorToken, visitorToken);

    const watcher = await TestClient.connect(hub.port);
    assert.deepEqual(names(await subscribe(watcher, 'default')), [], 'busy is not online');
    const mark = watcher.frames.length;
    await resumed.ok({ type: 'agent.setStatus', status: 'online' });
    await watcher.queueState('default', (s) => names(s).includes('anna'), mark);
    await Promise.all([resumed.close(), watcher.close()]);
  });
});
