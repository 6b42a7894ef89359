/**
 * Real Postgres and Redis for the tests, when the environment names them:
 *
 *   TANDEM_TEST_DATABASE_URL   a Postgres server the tests may create and drop databases on
 *   TANDEM_TEST_REDIS_URL      a Redis server the tests may use (each run takes its own key prefix)
 *
 * `.ci/run` starts both on local ports and sets these. Without them the Postgres and cluster
 * tests are skipped, saying why.
 */
import { randomUUID } from 'node:crypto';

import pg from 'pg';

export const TEST_DATABASE_URL = process.env['TANDEM_TEST_DATABASE_URL'] ?? '';
export const TEST_REDIS_URL = process.env['TANDEM_TEST_REDIS_URL'] ?? '';

export const NO_POSTGRES = TEST_DATABASE_URL
  ? false
  : 'no Postgres for the tests: set TANDEM_TEST_DATABASE_URL (as .ci/run does)';
export const NO_CLUSTER =
  TEST_DATABASE_URL && TEST_REDIS_URL
    ? false
    : 'no Postgres and Redis for the tests: set TANDEM_TEST_DATABASE_URL and TANDEM_TEST_REDIS_URL (as .ci/run does)';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server; `drop` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tandem_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
