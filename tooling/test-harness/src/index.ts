export { cpuMs } from './cpu-time.js';
export { freePort, freePorts, holdPort, refusedPort } from './free-port.js';
export { redisServerAvailable } from './redis-binary.js';
export type { RedisServer, StartRedisServerOptions } from './redis-server.js';
export { startRedisServer } from './redis-server.js';
export { type UntilOptions, until } from './until.js';
