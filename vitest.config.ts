import { defineConfig } from 'vitest/config';

// One vitest project per workspace package. Packages resolve each other through the
// "source" export condition, so tests run against src/ without a build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    projects: ['packages/*', 'examples/*'],
  },
});
