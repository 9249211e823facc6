import { describe, expect, it } from 'vitest';
import { createHealth } from '../src/index.js';
import { request, serveRouter } from './helpers.js';

describe('probePaths', () => {
  it('lists the live, ready and startup paths under basePath, for requestLogger/httpMetrics ignore', () => {
    const health = createHealth();
    expect(health.probePaths).toEqual(['/health/live', '/health/ready', '/health/startup']);
    health.close();
    const root = createHealth({ basePath: '' });
    expect(root.probePaths).toEqual(['/live', '/ready', '/startup']);
    root.close();
    const custom = createHealth({ basePath: '/_/probes' });
    expect(custom.probePaths).toEqual(['/_/probes/live', '/_/probes/ready', '/_/probes/startup']);
    custom.close();
  });

  it('is frozen, so an app cannot change what its probes are', () => {
    const health = createHealth();
    expect(Object.isFrozen(health.probePaths)).toBe(true);
    expect(() => (health.probePaths as string[]).push('/x')).toThrow(TypeError);
    health.close();
  });

  it('holds exactly the paths the router answers', async () => {
    const health = createHealth({ basePath: '/probe' });
    const served = await serveRouter(health.router());
    try {
      for (const path of health.probePaths) {
        const res = await request(`${served.url}${path}`);
        expect(res.headers['content-type'], path).toMatch(/^application\/health\+json/);
      }
      expect((await request(`${served.url}/probe/other`)).status).toBe(404);
    } finally {
      health.close();
      await served.close();
    }
  });
});
