/**
 * One jest run for the repository: unit tests beside the code (`*.test.ts`) and the
 * end-to-end suites in test/, which start the four subgraphs and the gateway in-process
 * over PGlite, and over PostgreSQL too when XIANJIE_TEST_DATABASE_URL is set.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/schema', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  // jose is published as ES modules only; compile it for jest's CommonJS runtime.
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  testTimeout: 180000,
  maxWorkers: 2,
};
