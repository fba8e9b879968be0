/**
 * @apiserver-kit/storage/testing — the conformance suite every Storage backend runs unchanged
 * (memory, SQLite, etcd), written with vitest. Each test gets a fresh harness from the factory.
 *
 * @example
 * import { runStorageConformance } from '@apiserver-kit/storage/testing';
 * runStorageConformance('memory', async () => {
 *   const storage = new MemoryStorage();
 *   return { storage, compact: async (rev) => storage.compact(rev), cleanup: () => storage.close() };
 * });
 */
import { describe } from 'vitest';
import { crudTests } from './crud.js';
import type { StorageHarnessFactory } from './harness.js';
import { listTests } from './list.js';
import { selectorTests } from './selectors.js';
import { updateTests } from './update.js';
import { watchTests } from './watch.js';

export { EventReader, type StorageHarness, type StorageHarnessFactory } from './harness.js';

/**
 * Registers the suite as `describe('storage conformance: <name>')`. Backends that wait for a
 * too-large resourceVersion (kube waits up to 3 s) make one test take that long; a factory may
 * configure a shorter wait.
 */
export function runStorageConformance(name: string, factory: StorageHarnessFactory): void {
  describe(`storage conformance: ${name}`, () => {
    crudTests(factory);
    listTests(factory);
    updateTests(factory);
    watchTests(factory);
    selectorTests(factory);
  });
}
