/**
 * kube-lite as a library: start a complete Kubernetes-compatible API server in-process.
 *
 * @example
 * import { startKubeLite } from 'kube-lite';
 * const kl = await startKubeLite({ securePort: 0, dataDir: '/tmp/kl' });
 * console.log(kl.url, kl.kubeconfigPath);
 * await kl.close();
 */
export { startKubeLite, type KubeLite, type StartOptions } from './kube-lite.js';
export { parseFlags, usage, type KubeLiteConfig } from './flags.js';
