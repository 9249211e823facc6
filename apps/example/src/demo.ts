// Placeholder until the example app lands (issue 6): a runnable demo of the logger.
import { createLogger } from '@preflight/logger';

const log = createLogger({ name: 'demo' });
log.info({ customer: { email: 'ada@example.com' } }, 'hello from preflight');
