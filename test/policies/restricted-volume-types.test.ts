import type { Manifest } from '../../lib/policies/policy';
import { restrictedVolumeTypes } from '../../lib/policies/restricted-volume-types';
import { compliantDeployment, compliantWorkloadsOfEveryKind, contextOf, podSpec } from './fixtures';

const check = (manifest: Manifest) => restrictedVolumeTypes.check(manifest, contextOf([manifest]));

describe('restricted-volume-types', () => {
  test('passes the sources the restricted profile admits', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).volumes = [
      { name: 'a', emptyDir: {} },
      { name: 'b', configMap: { name: 'c' } },
      { name: 'c', secret: { secretName: 's' } },
      { name: 'd', persistentVolumeClaim: { claimName: 'p' } },
      { name: 'e', projected: { sources: [] } },
      { name: 'f', downwardAPI: { items: [] } },
      { name: 'g', csi: { driver: 'x' } },
      { name: 'h', ephemeral: { volumeClaimTemplate: {} } },
    ];
    expect(check(deployment)).toEqual([]);
  });

  test("reports the standard's examples of refused sources: hostPath, nfs and gitRepo", () => {
    const deployment = compliantDeployment();
    podSpec(deployment).volumes = [
      { name: 'host', hostPath: { path: '/var/lib' } },
      { name: 'share', nfs: { server: 'nfs.example', path: '/export' } },
      { name: 'repo', gitRepo: { repository: 'https://example/repo.git' } },
    ];
    expect(check(deployment)).toEqual([
      'volume "host" uses hostPath, which the restricted profile refuses: use a claim or an emptyDir',
      'volume "share" uses nfs, which the restricted profile refuses: use a claim or an emptyDir',
      'volume "repo" uses gitRepo, which the restricted profile refuses: use a claim or an emptyDir',
    ]);
  });

  test.each(compliantWorkloadsOfEveryKind().map((workload) => [workload.kind, workload]))('checks the volumes of a %s', (_kind, workload) => {
    podSpec(workload).volumes.push({ name: 'iscsi', iscsi: {} });
    expect(check(workload)).toHaveLength(1);
  });
});
