import { availableParallelism } from 'node:os';
import { INSTITUTION_NAMES } from '../institutions';
import { workerCount } from './cluster';
import { checkProductionConfig } from './production';

describe('workerCount (XIANJIE_WORKERS)', () => {
  it('is one in development and every core in production unless set', () => {
    expect(workerCount({})).toBe(1);
    expect(workerCount({ NODE_ENV: 'production' })).toBe(availableParallelism());
    expect(workerCount({ NODE_ENV: 'production', XIANJIE_WORKERS: '3' })).toBe(3);
    expect(workerCount({ XIANJIE_WORKERS: '4' })).toBe(4);
  });

  it('is one over PGlite whatever was asked, and says why', () => {
    const lines: string[] = [];
    expect(workerCount({ XIANJIE_WORKERS: '4' }, { pglite: true, log: (m) => lines.push(m) })).toBe(1);
    expect(lines).toEqual([expect.stringContaining('PGlite serves one process: running 1 worker, not 4')]);
    expect(workerCount({}, { pglite: true, log: (m) => lines.push(m) })).toBe(1);
    expect(lines).toHaveLength(1);
  });

  it('refuses what is not a whole number of processes', () => {
    for (const bad of ['0', '-1', 'two', '1.5']) expect(() => workerCount({ XIANJIE_WORKERS: bad })).toThrow(`XIANJIE_WORKERS is "${bad}"`);
  });
});

describe('checkProductionConfig', () => {
  const subgraphKeys = Object.fromEntries([
    ['XIANJIE_GATEWAY_PUBLIC_KEY', 'pem'],
    ...INSTITUTION_NAMES.map((n) => [`XIANJIE_${n.toUpperCase()}_DOCUMENT_PUBLIC_KEY`, 'pem']),
  ]);

  it('asks nothing in development', () => {
    expect(() => checkProductionConfig('gateway', {})).not.toThrow();
  });

  it('names every missing variable, in Chinese and English', () => {
    expect(() => checkProductionConfig('gateway', { NODE_ENV: 'production', XIANJIE_JWKS_URL: 'https://sso/jwks', XIANJIE_JWT_ISSUER: ' ' })).toThrow(
      '生产环境（NODE_ENV=production）缺少必需的配置：XIANJIE_JWT_ISSUER、XIANJIE_JWT_AUDIENCE、XIANJIE_GATEWAY_PRIVATE_KEY。请按 README「运维」一节设置后再启动。 / Production configuration is missing: XIANJIE_JWT_ISSUER, XIANJIE_JWT_AUDIENCE, XIANJIE_GATEWAY_PRIVATE_KEY.',
    );
  });

  it("takes a subgraph's own document key or the machine's one", () => {
    const env = { NODE_ENV: 'production', ...subgraphKeys };
    expect(() => checkProductionConfig('police', env)).toThrow(/XIANJIE_POLICE_DOCUMENT_PRIVATE_KEY 或 XIANJIE_DOCUMENT_PRIVATE_KEY/);
    expect(() => checkProductionConfig('police', { ...env, XIANJIE_POLICE_DOCUMENT_PRIVATE_KEY: 'pem' })).not.toThrow();
    expect(() => checkProductionConfig('police', { ...env, XIANJIE_DOCUMENT_PRIVATE_KEY: 'pem' })).not.toThrow();
    // Another institution's key is not this one's.
    expect(() => checkProductionConfig('police', { ...env, XIANJIE_COURT_DOCUMENT_PRIVATE_KEY: 'pem' })).toThrow(/XIANJIE_POLICE_DOCUMENT_PRIVATE_KEY/);
  });
});
