/**
 * The key a client's address counts under for the per-address limits. An IPv4 address counts as
 * itself. An IPv6 address counts by its /64 network: that is what one home or phone is given, and
 * picking a fresh address inside it costs a client nothing, so per address it would escape the
 * limit. IPv4 seen through an IPv6 socket (`::ffff:a.b.c.d`) counts as the IPv4 address.
 */
import ipaddr from 'ipaddr.js';

export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${v6.toString()}/64`).toString()}/64`;
}
