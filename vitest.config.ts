import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Starts (and afterwards stops) a private dockerd only when e2e files are selected.
    globalSetup: ['tests/e2e/global-setup.ts'],
    // e2e tests wait on a real engine (health checks, image imports); unit tests finish in ms.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
