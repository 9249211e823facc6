import { createLogger } from '@preflight/logger';
import { type RedisServer, redisServerAvailable, startRedisServer } from '@preflight/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type Listening, listen } from '../src/listen.js';
import { createPartnerApp } from '../src/partner/partner-app.js';
import { createPartnerStore, type PartnerStore } from '../src/partner-store.js';
import { createService } from '../src/service/service-app.js';

const KEY = 'pk_test_shared_budget_1a2b';
const available = redisServerAvailable();

describe.runIf(available)('two replicas with REDIS_URL share one partner budget', () => {
  let redis: RedisServer;
  const running: Listening[] = [];
  const stores: PartnerStore[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(running.splice(0).map((l) => l.close()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await redis?.stop();
  });

  async function replica(partnerUrl: string) {
    const config = loadConfig({
      PARTNER_API_KEY: KEY,
      WEBHOOK_SECRET: `whsec_${Buffer.from('shared-budget-test-secret-0123456789').toString('base64')}`,
      PARTNER_URL: partnerUrl,
      PARTNER_RPM: '2', // one turn every 30 s for the whole fleet
      REDIS_URL: redis.url,
      REPLICAS: '2',
      REDIS_TIMEOUT_MS: '1000', // a loaded CI machine must not turn this into a fallback test
    });
    const logger = createLogger({ name: 'shared-budget-test' }, { write: () => undefined });
    const partnerStore = createPartnerStore(config, logger);
    stores.push(partnerStore);
    await partnerStore.ready();
    const service = createService(config, {
      logger,
      metricsHandler: (_req, res) => {
        res.end();
      },
      exit: () => undefined,
      rateLimitStore: partnerStore.store,
    });
    const server = await listen(service.app);
    running.push(server);
    return server.url;
  }

  it("a call on one replica spends the other's turn: the second is refused at once (503)", async () => {
    const partner = await listen(createPartnerApp({ apiKeys: [KEY] }).app);
    running.push(partner);
    const [a, b] = [await replica(partner.url), await replica(partner.url)];
    expect((await fetch(`${a}/api/balance`)).status).toBe(200);
    // The fleet's next turn is 30 s away, beyond the service's 5 s queue limit.
    const refused = await fetch(`${b}/api/balance`);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(20);
  });
});
