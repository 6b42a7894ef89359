/**
 * The hub's rate limits against a real hub, each configured small (TANDEM_LIMITS) so a test reaches
 * it in a few commands: every limit answers with one `error` frame, code `rate-limited` and a
 * `retryAfter`, changes nothing, and another visitor still gets through.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { CommandResults, HelloResult, HubFrame } from '../../src/protocol/frames.js';
import { runHubCli } from '../support/hub-cli.js';
import { startTestHub } from '../support/start-hub.js';
import type { TestHub, TestHubOptions } from '../support/start-hub.js';
import { createCommand, localInstant, wednesday, VISITOR } from '../server/bookings-kit.js';
import { send, startChat } from '../server/chat-kit.js';
import type { TestClient } from '../server/client.js';
import { pool } from '../server/line-kit.js';

type Answer = HubFrame & { type: 'reply' | 'error' };

/** Asserts a clean refusal: exactly the error frame's fields, with a positive `retryAfter`. */
function assertRateLimited(answer: Answer, what: RegExp): void {
  assert.equal(answer.type, 'error', `expected rate-limited, got ${JSON.stringify(answer)}`);
  if (answer.type !== 'error') return;
  assert.equal(answer.code, 'rate-limited');
  assert.deepEqual(Object.keys(answer).sort(), ['code', 'message', 're', 'retryAfter', 'type', 'v']);
  assert.ok(
    Number.isInteger(answer.retryAfter) && answer.retryAfter! >= 1,
    `retryAfter ${answer.retryAfter}`,
  );
  assert.match(answer.message, what);
}

/** A hub with the given limits and the visitors and agents a test opens. */
function limitedHub(options: TestHubOptions) {
  const context = { hub: undefined as TestHub | undefined };
  const parties = pool(() => context.hub!.port);
  before(async () => {
    context.hub = await startTestHub(options);
  });
  after(async () => {
    await parties.closeAll();
    await context.hub?.stop();
  });
  return Object.assign(parties, { hub: () => context.hub! });
}

describe('limit: new visitor identities per address', () => {
  const parties = limitedHub({ limits: 'newVisitorsPerIp=3/600' });

  it('refuses a fourth new identity from one address while a known visitor comes back', async () => {
    const first = await parties.visitor();
    // A visitor who acted is known to the hub (one who only looked is a token it never stored).
    await first.client.ok({ type: 'ticket.join', queue: 'default' });
    await parties.visitor();
    await parties.visitor();
    const fourth = await parties.connect();
    assertRateLimited(await fourth.command({ type: 'hello' }), /new visitors from this address/);
    // Nothing was made: the connection is nobody's.
    assert.equal((await fourth.command({ type: 'ticket.join', queue: 'default' })).type, 'error');
    const back = await parties.visitor(first.token);
    assert.equal(back.token, first.token, 'a visitor with its token is no new identity');
    await back.client.waitFor((frame) => frame.type === 'ticket.state');
  });
});

describe('limit: new visitor identities, and visitors who have not acted yet', () => {
  const parties = limitedHub({ limits: 'newVisitorsPerIp=3/600' });
  const hello = async (token: string, org = 'demo') =>
    (await parties.connect({ org })).command({ type: 'hello', visitorToken: token });
  /** A token of the right shape the hub never gave out. */
  const madeUp = (n: number) => `v_${'made-up'.padEnd(43, 'x')}${String(n).padStart(22, '0')}`;

  it('keeps a visitor who only looks across more reconnects than the limit, uncounted, as one visitor', async () => {
    const first = await parties.visitor();
    for (let n = 0; n < 6; n++) {
      const again = await hello(first.token);
      assert.equal(again.type, 'reply', `reconnect ${n + 1}: ${JSON.stringify(again)}`);
      assert.equal(again.type === 'reply' && (again.result as HelloResult).visitorToken, first.token);
    }
    // The same visitor id on every connection: a chat started on the last is the first one's.
    const last = await parties.visitor(first.token);
    const started = await startChat(last.client, 'only-looked');
    const restored = await first.client.ok<CommandResults['chat.restore']>({
      type: 'chat.restore',
      scope: 'only-looked',
    });
    assert.equal(restored.conversation?.conversationId, started.conversationId);

    // Only the first hello was counted: two made-up tokens get new identities, the third is refused.
    for (const n of [1, 2]) {
      const answer = await hello(madeUp(n));
      assert.equal(answer.type, 'reply');
      assert.notEqual(answer.type === 'reply' && (answer.result as HelloResult).visitorToken, madeUp(n));
    }
    assertRateLimited(await hello(madeUp(3)), /new visitors from this address/);
  });
});

describe('limit: new visitor identities, tokens of another org or with a wrong signature', () => {
  const parties = limitedHub({ limits: 'newVisitorsPerIp=2/600' });
  const hello = async (token: string, org = 'demo') =>
    (await parties.connect({ org })).command({ type: 'hello', visitorToken: token });
  before(async () => {
    const hub = parties.hub();
    await runHubCli(hub, ['org', 'add', 'acme', '--name', 'Acme', '--origin', 'http://localhost:*']);
    await hub.restart();
  });

  it("counts another org's token as a new identity there", async () => {
    const demoVisitor = await parties.visitor();
    for (const round of [1, 2]) {
      const answer = await hello(demoVisitor.token, 'acme');
      assert.equal(answer.type, 'reply', `round ${round}: ${JSON.stringify(answer)}`);
      assert.notEqual((answer.result as HelloResult).visitorToken, demoVisitor.token, 'not honoured on acme');
    }
    assertRateLimited(await hello(demoVisitor.token, 'acme'), /new visitors from this address/);
    // Still the same visitor on its own org.
    const home = await hello(demoVisitor.token);
    assert.equal(home.type === 'reply' && (home.result as HelloResult).visitorToken, demoVisitor.token);
  });

  it('counts a token whose signature was changed as a new identity', async () => {
    // demo's second and last point in the window (the visitor of the test before had the first).
    const visitor = await parties.visitor();
    const at = visitor.token.length - 10;
    const tampered = `${visitor.token.slice(0, at)}${visitor.token[at] === 'A' ? 'B' : 'A'}${visitor.token.slice(at + 1)}`;
    assertRateLimited(await hello(tampered), /new visitors from this address/);
    const back = await hello(visitor.token);
    assert.equal(back.type === 'reply' && (back.result as HelloResult).visitorToken, visitor.token);
  });
});

describe('limit: per address, an IPv6 client counts by its /64 network', () => {
  // Behind a trusted proxy, so the test can speak from any address.
  const parties = limitedHub({ limits: 'newVisitorsPerIp=2/600', trustProxy: true });
  const from = (address: string) => parties.connect({ headers: { 'X-Forwarded-For': address } });

  it('refuses a third new identity from one /64 while another network still gets through', async () => {
    await (await from('2001:db8:1:2::1')).ok({ type: 'hello' });
    await (await from('2001:db8:1:2:ffff:ffff:ffff:9')).ok({ type: 'hello' });
    const third = await from('2001:db8:1:2::3');
    assertRateLimited(await third.command({ type: 'hello' }), /new visitors from this address/);
    await (await from('2001:db8:1:3::1')).ok({ type: 'hello' });
    await (await from('198.51.100.7')).ok({ type: 'hello' });
  });
});

describe('limit: tickets per visitor', () => {
  const parties = limitedHub({ limits: 'ticketsPerVisitor=2/600' });

  it('refuses a third queue join in the window, and another visitor still joins', async () => {
    const visitor = await parties.visitor();
    for (let round = 0; round < 2; round++) {
      const { ticket } = await visitor.client.ok<CommandResults['ticket.join']>({
        type: 'ticket.join',
        queue: 'default',
      });
      await visitor.client.ok({ type: 'ticket.leave', ticketId: ticket.ticketId });
    }
    assertRateLimited(
      await visitor.client.command({ type: 'ticket.join', queue: 'default' }),
      /queue joins from this visitor/,
    );
    const other = await parties.visitor();
    await other.client.ok({ type: 'ticket.join', queue: 'default' });
  });
});

describe('limit: conversations per visitor, and open ones', () => {
  const parties = limitedHub({ limits: 'conversationsPerVisitor=3/3600,openConversationsPerVisitor=2' });

  it('caps open conversations, then the rate of new ones; another visitor still starts', async () => {
    const visitor = await parties.visitor();
    const first = await startChat(visitor.client, 'a');
    await startChat(visitor.client, 'b');
    // The same scope again is the same conversation: no new one, nothing counted.
    assert.equal((await startChat(visitor.client, 'a')).conversationId, first.conversationId);
    assertRateLimited(
      await visitor.client.command({ type: 'chat.start', queue: 'default', scope: 'c' }),
      /open conversations for this visitor/,
    );
    await visitor.client.ok({ type: 'chat.end', conversationId: first.conversationId });
    const third = await startChat(visitor.client, 'c');
    await visitor.client.ok({ type: 'chat.end', conversationId: third.conversationId });
    assertRateLimited(
      await visitor.client.command({ type: 'chat.start', queue: 'default', scope: 'd' }),
      /new conversations from this visitor/,
    );
    const other = await parties.visitor();
    await startChat(other.client, 'a');
  });
});

describe('limit: messages per visitor', () => {
  const parties = limitedHub({ limits: 'messagesPerVisitor=3/600' });

  it('refuses a fourth message, stores nothing for it, and another visitor still writes', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    for (const text of ['one', 'two', 'three']) await send(visitor.client, conversationId, text);
    assertRateLimited(
      await visitor.client.command({ type: 'chat.send', conversationId, messageId: 'm4', text: 'four' }),
      /messages from this visitor/,
    );
    const { messages } = await visitor.client.ok<CommandResults['chat.history']>({
      type: 'chat.history',
      conversationId,
      afterSeq: 0,
    });
    assert.deepEqual(
      messages.filter((message) => message.from === 'visitor').map((message) => message.text),
      ['one', 'two', 'three'],
    );
    const other = await parties.visitor();
    const theirs = await startChat(other.client);
    assert.equal((await send(other.client, theirs.conversationId, 'hello')).text, 'hello');
  });

  it('answers the same command id again once it may go (a refusal is not remembered)', async () => {
    const visitor = await parties.visitor();
    const { conversationId } = await startChat(visitor.client);
    for (const text of ['one', 'two', 'three']) await send(visitor.client, conversationId, text);
    const command = { type: 'chat.send', conversationId, messageId: 'again', text: 'four' } as const;
    const refused = await visitor.client.command(command, 'same-id');
    assertRateLimited(refused, /messages/);
    const repeated = await visitor.client.command(command, 'same-id');
    assert.equal(repeated.type, 'error', 'still refused inside the window');
    if (repeated.type === 'error') assert.equal(repeated.code, 'rate-limited');
  });
});

describe('limit: bookings per visitor, e-mail and address', () => {
  const parties = limitedHub({
    limits: 'bookingsPerVisitor=1/86400,bookingsPerEmail=1/86400,bookingsPerIp=3/86400',
  });
  const day = wednesday(9);
  const at = (time: string) => localInstant(day, 'Europe/Stockholm', time);
  const email = (name: string) => ({ ...VISITOR, email: `${name}@example.com` });

  it('refuses a visitor’s second booking, the same e-mail from another visitor, and a fourth from one address', async () => {
    const vera = await parties.visitor();
    await vera.client.ok(createCommand('style-advice', 'anna', at('09:00'), email('vera')));
    assertRateLimited(
      await vera.client.command(createCommand('style-advice', 'anna', at('10:00'), email('vera2'))),
      /bookings from this visitor/,
    );
    const sameEmail = await parties.visitor();
    assertRateLimited(
      await sameEmail.client.command(createCommand('style-advice', 'anna', at('10:00'), email('vera'))),
      /bookings for this e-mail address/,
    );
    // The refusals gave back what they took: this visitor and address may still book.
    await sameEmail.client.ok(createCommand('style-advice', 'anna', at('10:00'), email('sam')));
    const third = await parties.visitor();
    await third.client.ok(createCommand('style-advice', 'anna', at('11:00'), email('tess')));
    const fourth = await parties.visitor();
    assertRateLimited(
      await fourth.client.command(createCommand('style-advice', 'anna', at('13:00'), email('fay'))),
      /bookings from this address/,
    );
  });
});

describe('limit: sign-in attempts', () => {
  const parties = limitedHub({
    limits: 'signInFailuresPerAgent=3/900',
    signInLockoutSeconds: 1,
    signInLockoutMaxSeconds: 2,
  });

  const signIn = (client: TestClient, agentId: string, password: string) =>
    client.command({ type: 'agent.signIn', agentId, password });

  /** Waits out a lockout: the hub said how long. */
  const waitOut = (answer: Answer) =>
    new Promise((resolve) =>
      setTimeout(resolve, (answer.type === 'error' ? (answer.retryAfter ?? 1) : 1) * 1000 + 200),
    );

  it('locks an agent out after repeated failures, refuses even the right password until it ends, then lets it in', async () => {
    const client = await parties.connect();
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await signIn(client, 'anna', 'wrong');
      assert.equal(answer.type === 'error' && answer.code, 'bad-credentials');
    }
    const locked = await signIn(client, 'anna', 'wrong');
    assertRateLimited(locked, /failed sign-ins for this agent/);
    assert.equal(locked.type === 'error' && locked.retryAfter, 1);
    assertRateLimited(await signIn(client, 'anna', 'demo'), /failed sign-ins/);
    // Another agent is not locked out.
    const bjorn = await parties.connect();
    assert.equal((await signIn(bjorn, 'bjorn', 'demo')).type, 'reply');

    await waitOut(locked);
    assert.equal((await signIn(client, 'anna', 'demo')).type, 'reply', 'the right password works again');
  });

  it('locks out longer when failures go on after a lockout', async () => {
    const client = await parties.connect();
    for (let attempt = 0; attempt < 3; attempt++) await signIn(client, 'chen', 'wrong');
    const first = await signIn(client, 'chen', 'wrong');
    assert.equal(first.type === 'error' && first.retryAfter, 1);
    await waitOut(first);
    for (let attempt = 0; attempt < 3; attempt++) await signIn(client, 'chen', 'wrong');
    const second = await signIn(client, 'chen', 'wrong');
    assertRateLimited(second, /failed sign-ins/);
    assert.equal(second.type === 'error' && second.retryAfter, 2, 'doubled, within the maximum');
    await waitOut(second);
    assert.equal((await signIn(client, 'chen', 'demo')).type, 'reply');
  });

  it('refuses a burst of attempts before checking passwords', async () => {
    const client = await parties.connect();
    // Sent at once: at most the limit are checked, the rest refused without scrypt.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        client.command({ type: 'agent.signIn', agentId: 'dora', password: `x${index}` }),
      ),
    );
    const codes = answers.map((answer) => (answer.type === 'error' ? answer.code : 'reply'));
    assert.equal(codes.filter((code) => code === 'bad-credentials').length, 3);
    assert.equal(codes.filter((code) => code === 'rate-limited').length, 17);
  });
});
