import { toyCsv } from '@overture/testing';
import { describe, expect, it } from 'vitest';
import { json, newUser, platform, uploadCsv } from '../support/api';

/** A big config is validated on the web's event loop: it must not hold up other requests (it took 35 s and stalled /api/health). */
describe('config limits, on a started platform', () => {
  it('answers 30,000 unknown keys with 100 problems and the total while /api/health stays quick', async () => {
    const member = await newUser('member');
    const dataset = await uploadCsv(member.api, toyCsv(40));
    const config = `input_features:\n  - {name: x1, type: number}\noutput_features:\n  - {name: label, type: binary}\n${Array.from({ length: 30_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`;
    const started = performance.now();
    const pending = member.api.post('/api/models', { data: { name: 'huge', datasetId: dataset.id, config } });
    const health = await fetch(new URL('/api/health', platform().baseURL));
    const healthMs = performance.now() - started;
    const body = await json(await pending, 400);
    expect(health.ok).toBe(true);
    expect(healthMs).toBeLessThan(5_000);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(body.error).toMatchObject({ code: 'invalid_config', total: 30_000 });
    expect(body.errors).toHaveLength(100);
  });

  it('answers 400 to a billion-laughs config and 413 to one over 512 KB', async () => {
    const member = await newUser('member');
    const dataset = await uploadCsv(member.api, toyCsv(40));
    const head = 'input_features:\n  - {name: x1, type: number}\noutput_features:\n  - {name: label, type: binary}\n';
    const laughs = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`)];
    const bomb = await json(await member.api.post('/api/models', { data: { name: 'bomb', datasetId: dataset.id, config: `${head}${laughs.join('\n')}\n` } }), 400);
    expect(bomb.errors[0].message).toMatch(/expands YAML aliases/);
    const big = await json(await member.api.post('/api/models', { data: { name: 'big', datasetId: dataset.id, config: `${head}# ${'x'.repeat(600_000)}\n` } }), 413);
    expect(big.error.message).toMatch(/the limit is 524,288/);
  });
});
