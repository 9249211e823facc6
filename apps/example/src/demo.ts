// Interim launcher until the service lands: runs the simulated partner alone.

import { listen } from './listen.js';
import { createPartnerApp } from './partner/partner-app.js';

const partner = createPartnerApp({ apiKeys: ['pk_test_demo_partner_key'] });
const running = await listen(partner.app, 4010);
process.stdout.write(`partner API on ${running.url} (Ctrl-C to stop)\n`);
process.once('SIGINT', () => void running.close());
