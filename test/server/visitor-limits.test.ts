/**
 * VisitorLimits over RateLimits in memory: a limit that is off costs nothing and refuses nothing,
 * while one the org turned on for itself counts even when the hub's rule is off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_LOCKOUT, defaultRules } from '../../server/services/limits/limit-config.js';
import { RateLimited, RateLimits } from '../../server/services/limits/rate-limits.js';
import { VisitorLimits } from '../../server/services/limits/visitor-limits.js';

/** The hub's rules with every limit off. */
function allOff() {
  const rules = defaultRules();
  for (const rule of Object.values(rules)) rule.points = 0;
  return { rules, lockout: DEFAULT_LOCKOUT };
}

describe('visitor limits', () => {
  it('lets every message through when the limits are off, known at once or read first', async () => {
    for (const orgPoints of [undefined, async () => ({})]) {
      const limits = new RateLimits(allOff(), orgPoints ? { orgPoints } : {});
      const visitor = new VisitorLimits(limits);
      assert.equal(limits.isOffNow('messagesPerVisitor', 'demo'), orgPoints === undefined);
      for (let n = 0; n < 200; n++) await visitor.message('demo', 'v1', 'c1');
      assert.equal(limits.isOffNow('messagesPerVisitor', 'demo'), true, 'known once read');
    }
  });

  it("counts a limit the org turned on for itself though the hub's rule is off", async () => {
    const limits = new RateLimits(allOff(), { orgPoints: async () => ({ messagesPerVisitor: 2 }) });
    const visitor = new VisitorLimits(limits);
    await visitor.message('demo', 'v1', 'c1');
    assert.equal(limits.isOffNow('messagesPerVisitor', 'demo'), false);
    assert.equal(limits.isOffNow('messagesPerConversation', 'demo'), true);
    await visitor.message('demo', 'v1', 'c1');
    await assert.rejects(visitor.message('demo', 'v1', 'c1'), RateLimited);
    await visitor.message('demo', 'v2', 'c1');
  });
});
