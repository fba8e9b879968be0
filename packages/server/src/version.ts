/**
 * /version: the version.Info object kubectl prints as "Server Version".
 */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** The Kubernetes API version whose wire behaviour the kit follows. */
export const kubernetesCompatibility = { major: '1', minor: '32' };

export function defaultVersionInfo(): VersionInfo {
  return {
    major: kubernetesCompatibility.major,
    minor: kubernetesCompatibility.minor,
    gitVersion: `v${kubernetesCompatibility.major}.${kubernetesCompatibility.minor}.0-apiserverkit`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
