/** The key a client's address counts under for the per-address limits. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { addressKey } from '../../server/services/limits/address-key.js';

describe('addressKey', () => {
  it('keeps an IPv4 address as it is', () => {
    assert.equal(addressKey('198.51.100.7'), '198.51.100.7');
  });
  it('counts IPv4 seen through an IPv6 socket as the IPv4 address', () => {
    assert.equal(addressKey('::ffff:198.51.100.7'), '198.51.100.7');
  });
  it('counts an IPv6 address by its /64 network, however it is written', () => {
    assert.equal(addressKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:0DB8:0001:0002:ffff:ffff:ffff:0009'), '2001:db8:1:2::/64');
    assert.notEqual(addressKey('2001:db8:1:3::1'), addressKey('2001:db8:1:2::1'));
    assert.equal(addressKey('::1'), '::/64');
  });
  it('leaves what is no address as it is', () => {
    assert.equal(addressKey('unknown'), 'unknown');
  });
});
