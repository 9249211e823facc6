// `@preflight/webhooks/redis`: the fleet stores. Separate entry so `bullmq` and `ioredis` are
// needed only by the apps that use them.
export type { RedisDedupeOptions } from './dedupe-redis.js';
export { createRedisDedupeStore } from './dedupe-redis.js';
export type { RedisQueueOptions } from './queue-redis.js';
export { createRedisQueue } from './queue-redis.js';
export type { RedisConnectionOptions } from './redis-connection.js';
