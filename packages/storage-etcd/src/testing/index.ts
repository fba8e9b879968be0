/**
 * @apiserver-kit/storage-etcd/testing — a real etcd for tests: `startEtcd` spawns one member or
 * a three-member cluster on free loopback ports with a temporary data dir and cleans up after
 * itself; `etcdSkipReason` tells suites whether to skip (never under CI, where a missing etcd
 * must fail instead).
 *
 * @example
 * import { etcdSkipReason, startEtcd } from '@apiserver-kit/storage-etcd/testing';
 * const skip = etcdSkipReason();
 * if (skip) console.warn(`etcd tests skipped: ${skip}`);
 * describe.skipIf(skip !== undefined)(`my etcd tests${skip ? ` (skipped: ${skip})` : ''}`, () => {
 *   let etcd: EtcdCluster;
 *   beforeAll(async () => (etcd = await startEtcd()));
 *   afterAll(() => etcd.stop());
 * });
 */
export {
  startEtcd,
  findEtcdBinary,
  etcdSkipReason,
  EtcdMember,
  type EtcdCluster,
  type EtcdTlsFiles,
  type StartEtcdOptions,
  type MemberSpec,
} from './start-etcd.js';
export { freePorts } from './ports.js';
