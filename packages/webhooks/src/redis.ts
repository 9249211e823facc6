// `@preflight/webhooks/redis`: the fleet stores. Separate entry so `bullmq` and `ioredis` are
// needed only by the apps that use them.
export type { RedisDedupeOptions } from './stores/dedupe-redis.js';
export { createRedisDedupeStore } from './stores/dedupe-redis.js';
export { createRedisQueue } from './stores/queue-redis.js';
export type { RedisQueueOptions } from './stores/queue-redis-config.js';
export type { RedisConnectionOptions } from './stores/redis-connection.js';
