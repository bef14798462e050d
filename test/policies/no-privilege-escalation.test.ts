import { noPrivilegeEscalation } from '../../lib/policies/no-privilege-escalation';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, contextOf, initContainer, mainContainer } from './fixtures';

const check = (manifest: Manifest) => noPrivilegeEscalation.check(manifest, contextOf([manifest]));
const MESSAGE = 'may gain privileges (setuid, file capabilities): set allowPrivilegeEscalation: false';

describe('no-privilege-escalation', () => {
  test('passes containers that set allowPrivilegeEscalation: false', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('reports a container that leaves allowPrivilegeEscalation unset (Kubernetes allows it then)', () => {
    const deployment = compliantDeployment();
    delete mainContainer(deployment).securityContext.allowPrivilegeEscalation;
    expect(check(deployment)).toEqual([`container "backend" ${MESSAGE}`]);
  });

  test('reports a container that sets allowPrivilegeEscalation: true', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).securityContext.allowPrivilegeEscalation = true;
    expect(check(deployment)).toEqual([`container "backend" ${MESSAGE}`]);
  });

  test('reports an init container without a securityContext', () => {
    const deployment = compliantDeployment();
    delete initContainer(deployment).securityContext;
    expect(check(deployment)).toEqual([`init container "wait-for-db" ${MESSAGE}`]);
  });

  test("reports Polaris' documented failure: allowPrivilegeEscalation: true (privilegeEscalationAllowed)", () => {
    const pod: Manifest = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'test-pod' }, spec: { containers: [{ name: 'nginx', image: 'nginx', securityContext: { allowPrivilegeEscalation: true } }] } };
    expect(check(pod)).toEqual(['container "nginx" may gain privileges (setuid, file capabilities): set allowPrivilegeEscalation: false']);
  });
});
