import type { Manifest } from '../../lib/policies/policy';
import { validPortNames } from '../../lib/policies/valid-port-names';
import { compliantDeployment, compliantService, contextOf, mainContainer } from './fixtures';

const check = (manifest: Manifest) => validPortNames.check(manifest, contextOf([manifest]));

describe('valid-port-names', () => {
  test('passes IANA names, unique per container and Service', () => {
    expect(check(compliantDeployment())).toEqual([]);
    expect(check(compliantService())).toEqual([]);
  });

  test("reports kube-score's documented examples: a name over 15 characters, two ports of one name, a port without number", () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).ports = [{ name: 'iamaverylongportname', containerPort: 80 }, { name: 'http', containerPort: 81 }, { name: 'http', containerPort: 82 }, { name: 'x1' }];
    expect(check(deployment)).toEqual([
      'container "backend" has port name "iamaverylongportname", not a valid IANA name (at most 15 lower-case letters, digits and dashes)',
      'container "backend" names two ports "http"',
      'container "backend" has a port without containerPort',
    ]);
  });

  test("reports kube-linter's documented invalid-target-ports examples: an upper-case name and a Service targeting an invalid name", () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).ports = [{ name: 'HTTP', containerPort: 8000 }];
    expect(check(deployment)).toEqual(['container "backend" has port name "HTTP", not a valid IANA name (at most 15 lower-case letters, digits and dashes)']);
    const service = compliantService();
    service.spec.ports = [{ name: 'web', port: 80, targetPort: 'web_port' }];
    expect(check(service)).toEqual(['the Service targets port "web_port", not a valid port name']);
  });
});
