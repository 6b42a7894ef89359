/**
 * What a brand-new hub starts with, so the demo pages work out of the box: the org `demo` with a
 * 24/7 support queue, a fashion queue with Stockholm shop hours, an after-hours queue that never opens
 * and has no agents (the stories show the closed and offline states with it), three agents whose
 * password is `demo`, and their booking services and working hours (booking-seed.ts). Written only
 * into an empty store. The records are built as the operator's CLI builds them (server/admin.ts).
 */
import { agentRecord, orgRecord, queueRecord } from '../admin.js';
import { hashPassword } from '../services/passwords.js';
import { demoBookingSeed } from './booking-seed.js';
import type { OpeningPeriod, SeedData, Store } from './store.js';

const DEMO_PASSWORD = 'demo';

/** Pages on this machine, on any port, over http or https. */
const LOCAL_ORIGINS = ['localhost', '127.0.0.1', '[::1]'].flatMap((host) => [
  `http://${host}:*`,
  `https://${host}:*`,
]);

/** Other names of the demo org: see `demoSeed`. */
export const DEMO_ALIASES = ['YOUR_ORG_ID', 'YOUR_ORG_ID_HERE', '6f1c2a9e-4b7d-4c3e-9a51-d2e8b0f4c7a3'];

const weekdays = ([1, 2, 3, 4, 5] as const).map((day): OpeningPeriod => ({
  day,
  open: '09:00',
  close: '17:00',
}));

const agents = [
  { id: 'anna', name: 'Anna Berg', tags: ['fashion-support', 'sv'] },
  { id: 'bjorn', name: 'Björn Lind', tags: ['electronics'] },
  { id: 'chen', name: 'Chen Wei', tags: ['fashion-support', 'electronics'] },
].map((agent) => agentRecord({ ...agent, orgId: 'demo' }));

export async function demoSeed(): Promise<SeedData> {
  return {
    orgs: [orgRecord('demo', 'Demo Shop', LOCAL_ORIGINS)],
    queues: [
      queueRecord({
        id: 'default',
        orgId: 'demo',
        name: 'Support',
        timeZone: 'Europe/Stockholm',
        averageHandleSeconds: 300,
      }),
      queueRecord({
        id: 'fashion',
        orgId: 'demo',
        name: 'Fashion',
        timeZone: 'Europe/Stockholm',
        openingHours: [...weekdays, { day: 6, open: '10:00', close: '14:00' }],
        agentTag: 'fashion-support',
        averageHandleSeconds: 420,
      }),
      queueRecord({
        id: 'after-hours',
        orgId: 'demo',
        name: 'After hours',
        timeZone: 'Europe/Stockholm',
        openingHours: [],
        agentTag: 'after-hours',
      }),
    ],
    // Each hash has its own salt.
    agents: await Promise.all(
      agents.map(async (agent) => ({ ...agent, passwordHash: await hashPassword(DEMO_PASSWORD) })),
    ),
    bookings: demoBookingSeed(),
    // Vendor account ids that name the demo org, so the switching facades (src/compat/) run the
    // vendors' own samples unchanged: 001's placeholders and a mluvii-style company GUID.
    orgAliases: DEMO_ALIASES.map((alias) => ({ alias, orgId: 'demo' })),
  };
}

/** Seeds the demo data on first start; resolves to whether it did. */
export async function seedIfEmpty(store: Store): Promise<boolean> {
  if (await store.hasAnyOrg()) return false;
  return store.seedIfEmpty(await demoSeed());
}
