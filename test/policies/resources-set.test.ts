import type { Manifest } from '../../lib/policies/policy';
import { resourcesSet } from '../../lib/policies/resources-set';
import { compliantDeployment, contextOf, initContainer, mainContainer, kubeLinterSamplePod } from './fixtures';

const check = (manifest: Manifest) => resourcesSet.check(manifest, contextOf([manifest]));
const ADVICE = 'set requests and limits for cpu, memory and ephemeral-storage';

describe('resources-set', () => {
  test('passes containers with requests and limits for cpu, memory and ephemeral-storage', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test.each([
    ['requests', 'cpu'],
    ['requests', 'memory'],
    ['requests', 'ephemeral-storage'],
    ['limits', 'cpu'],
    ['limits', 'memory'],
    ['limits', 'ephemeral-storage'],
  ])('reports a container without %s.%s', (bound, resource) => {
    const deployment = compliantDeployment();
    delete mainContainer(deployment).resources[bound][resource];
    expect(check(deployment)).toEqual([`container "backend" has no ${bound}.${resource}: ${ADVICE}`]);
  });

  test('reports everything an init container without resources lacks, in one sentence', () => {
    const deployment = compliantDeployment();
    delete initContainer(deployment).resources;
    expect(check(deployment)).toEqual([
      `init container "wait-for-db" has no requests.cpu, requests.memory, requests.ephemeral-storage, limits.cpu, limits.memory, limits.ephemeral-storage: ${ADVICE}`,
    ]);
  });

  test("reports kube-linter's documented sample pod, with requests but no limits (unset-cpu-requirements, unset-memory-requirements)", () => {
    expect(check(kubeLinterSamplePod())).toEqual([expect.stringMatching(/^container "sec-ctx-demo" has no .*limits\.cpu.*limits\.memory/)]);
  });
});
