import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'modules/**/*.test.ts', 'harness/**/*.test.ts', 'test/**/*.test.ts'],
    maxWorkers: 2,
    // Every run gets its own TMPDIR and fails if a test leaves files there.
    globalSetup: ['test/support/tmpdir-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
