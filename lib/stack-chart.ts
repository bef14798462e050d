import { Chart, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { createHash } from 'crypto';
import { BlueGreenDeployment } from './constructs/blue-green-deployment';
import { EnvironmentConfig } from './constructs/environment-config';
import { objectLabels } from './constructs/labels';
import { ReverseProxyConfig } from './constructs/reverse-proxy-config';
import { SharedVolume } from './constructs/shared-volume';
import { ownedVolumes, StatefulService } from './constructs/stateful-service';
import { StatelessService } from './constructs/stateless-service';
import type { ServiceModel, StackModel } from './model';

export interface StackChartProps {
  readonly stack: StackModel;
}

/**
 * One environment of the stack: its Namespace first (so `kubectl apply -f` on an empty cluster creates
 * it before anything inside it), then configuration and shared volumes, then one workload per compose
 * service, in compose order.
 */
export class StackChart extends Chart {
  /** The workload built for each compose service, by service name. */
  readonly workloads = new Map<string, StatelessService | StatefulService | BlueGreenDeployment>();

  constructor(scope: Construct, id: string, props: StackChartProps) {
    const { stack } = props;
    super(scope, id, { namespace: stack.environment.namespace, disableResourceNameHashes: true });
    const context = { project: stack.project, environment: stack.environment.name };

    const namespace = new k8s.KubeNamespace(this, 'namespace', {
      metadata: { name: stack.environment.namespace, labels: objectLabels(context, 'namespace') },
    });
    // The chart puts every object in the namespace; a Namespace itself is cluster-scoped.
    namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));

    const environmentConfig = new EnvironmentConfig(this, 'environment-config', {
      project: stack.project,
      variables: stack.variables,
      labels: objectLabels(context, 'config'),
    });
    const proxyConfig = stack.reverseProxy
      ? new ReverseProxyConfig(this, 'reverse-proxy-config', { proxy: stack.reverseProxy, labels: objectLabels(context, stack.reverseProxy.service) })
      : undefined;

    for (const volume of stack.volumes.filter((candidate) => candidate.accessMode === 'ReadWriteMany')) {
      new SharedVolume(this, `volume-${volume.name}`, { volume, labels: objectLabels(context, volume.name) });
    }

    for (const service of stack.services) {
      // A change to mounted configuration must roll the pods that read it: the checksum does that.
      const configInputs = [
        service.readsEnvFile ? JSON.stringify(environmentConfig.configMap.toJson().data) : '',
        service.name === stack.reverseProxy?.service ? proxyConfig?.nginxConf ?? '' : '',
      ].join('\n');
      const podAnnotations = configInputs.trim() ? { 'checksum/config': sha256(configInputs) } : undefined;
      this.workloads.set(service.name, this.workloadFor(service, stack, podAnnotations));
    }
  }

  private workloadFor(
    service: ServiceModel,
    stack: StackModel,
    podAnnotations?: Record<string, string>,
  ): StatelessService | StatefulService | BlueGreenDeployment {
    if (service.blueGreen) {
      return new BlueGreenDeployment(this, service.name, { service, stack, podAnnotations });
    }
    if (ownedVolumes(service, stack).length > 0) {
      return new StatefulService(this, service.name, { service, stack, podAnnotations });
    }
    const serviceType = service.name === stack.reverseProxy?.service ? 'LoadBalancer' : 'ClusterIP';
    return new StatelessService(this, service.name, { service, stack, serviceType, podAnnotations });
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
