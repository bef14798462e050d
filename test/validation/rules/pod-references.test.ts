import { podReferences } from '../../../lib/validation/rules/pod-references';
import { compliantDeployment, compliantStatefulSet, container, problemsOf } from '../fixtures';

describe('pod-references', () => {
  test('refuses a mount of a volume the pod does not have, and a path mounted twice', () => {
    const deployment = compliantDeployment();
    container(deployment).volumeMounts = [{ name: 'uploads', mountPath: '/data' }, { name: 'cache', mountPath: '/data' }];
    expect(problemsOf(podReferences, deployment)).toEqual([
      'spec.template.spec.containers[backend].volumeMounts[cache].name: names volume "cache", which the pod does not have',
      'spec.template.spec.containers[backend].volumeMounts[cache].mountPath: "/data" is mounted twice in this container',
    ]);
  });

  test('refuses two containers of one name (an init container included), an upper-case volume name and a bad variable name', () => {
    const deployment = compliantDeployment();
    deployment.spec.template.spec.initContainers[0].name = 'backend';
    deployment.spec.template.spec.volumes = [{ name: 'Uploads', emptyDir: {} }];
    container(deployment).env = [{ name: '1_NOT_VALID', value: 'x' }];
    expect(problemsOf(podReferences, deployment)).toEqual([
      expect.stringMatching(/^spec\.template\.spec\.volumes\[Uploads\]\.name: "Uploads" is not a DNS-1123 label/),
      'spec.template.spec.containers[backend].name: "backend" names two containers of this pod',
      'spec.template.spec.containers[backend].env[1_NOT_VALID]: "1_NOT_VALID" is not a valid environment variable name',
    ]);
  });

  test('passes a StatefulSet mounting its claim template, and variables with dots and dashes', () => {
    const statefulSet = compliantStatefulSet();
    statefulSet.spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: {} }];
    container(statefulSet).volumeMounts = [{ name: 'data', mountPath: '/data' }, { name: 'uploads', mountPath: '/uploads' }];
    container(statefulSet).env = [{ name: 'spring.profiles-active', value: 'prod' }];
    expect(problemsOf(podReferences, statefulSet)).toEqual([]);
  });
});
