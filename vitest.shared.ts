import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const packages = fileURLToPath(new URL('./packages/', import.meta.url));

/**
 * The vitest project of one workspace package. Kit packages resolve to their src/ so tests
 * never need a build: `@apiserver-kit/x` -> packages/x/src/index.ts and
 * `@apiserver-kit/x/sub` -> packages/x/src/sub/index.ts.
 */
export function project(name: string) {
  return defineProject({
    resolve: {
      alias: [
        { find: /^@apiserver-kit\/([^/]+)$/, replacement: `${packages}$1/src/index.ts` },
        { find: /^@apiserver-kit\/([^/]+)\/(.+)$/, replacement: `${packages}$1/src/$2/index.ts` },
      ],
    },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  });
}
