import { KubeService } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import { COLORS, type BlueGreenModel, type Color, type ServiceModel } from '../model';
import { objectLabels, selectorLabels, type LabelContext } from './labels';
import { previewServiceName } from './names';
import { ownedVolumes } from './pod-template';
import { ServiceDeployment, type DeploymentChoices } from './service-deployment';
import { servicePorts } from './service-ports';
import { podReferences, type PodReferences, type ServiceWorkloadProps } from './service-workload';

/** Pod label that tells the colours apart; the Services select on it. */
export const COLOR_LABEL = 'blue-green/color';

/** The pods of one colour of a blue/green service: what its Services select. */
export function colorSelector(context: LabelContext, service: string, color: Color): Record<string, string> {
  return { ...selectorLabels(context, service), [COLOR_LABEL]: color };
}

/** `service` must carry `blueGreen`: the active colour, and each colour's image and replicas. */
export interface BlueGreenDeploymentProps extends ServiceWorkloadProps, DeploymentChoices {}

/**
 * Blue/green without a controller: one Deployment per colour (`<name>-blue`, `<name>-green`, pods
 * labelled with their colour and given `COLOR` as in the seed), the Service `<name>` that selects the
 * active colour, and `<name>-preview` that selects the idle one for testing a staged version.
 *
 * Switching colour changes the two Services' selectors and nothing else: no pod template changes, so no
 * pod restarts, and switching back restores the previous output exactly. A colour with no staged image
 * is not rendered.
 */
export class BlueGreenDeployment extends Construct {
  readonly activeColor: Color;
  /** The Deployment of each rendered colour. */
  readonly deployments: Partial<Record<Color, k8s.KubeDeployment>> = {};
  /** `<name>`: the Service every client already uses; sends traffic to the active colour. */
  readonly activeService: k8s.KubeService;
  /** `<name>-preview`: the idle colour, for testing before a switch. */
  readonly previewService: k8s.KubeService;
  /** The ServiceAccount and shared claims both colours' pods reference (made here unless given). */
  readonly references: PodReferences;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    const { service, context } = props;
    const blueGreen: BlueGreenModel | undefined = service.blueGreen;
    if (!blueGreen) throw new Error(`service "${service.name}" has no blue/green settings: give it a blueGreen entry in the environment settings, or use StatelessService`);
    const owned = ownedVolumes(service);
    if (owned.length > 0) throw new Error(`service "${service.name}" owns the ReadWriteOnce volume "${owned[0].name}": two colours cannot share it, so it cannot run blue/green`);
    this.activeColor = blueGreen.activeColor;
    const labels = objectLabels(context, service.name);
    this.references = podReferences(this, props);

    for (const color of COLORS) {
      const { image, replicas } = blueGreen.colors[color];
      if (image === undefined) continue;
      const selector = colorSelector(context, service.name, color);
      this.deployments[color] = new ServiceDeployment(this, color, {
        service,
        name: `${service.name}-${color}`,
        labels: { ...labels, [COLOR_LABEL]: color },
        selector,
        replicas,
        image,
        extraEnvironment: [{ name: 'COLOR', value: color }],
        podAnnotations: props.podAnnotations,
        serviceAccountName: this.references.serviceAccount.name,
        dependencyWait: props.dependencyWait,
        probes: props.probes,
        rollout: props.rollout,
        maxUnavailableInDisruption: props.maxUnavailableInDisruption,
      }).deployment;
    }

    const idleColor = COLORS.find((color) => color !== blueGreen.activeColor)!;
    this.activeService = this.service('active', service.name, service, labels, blueGreen.activeColor, context);
    this.previewService = this.service('preview', previewServiceName(service.name), service, labels, idleColor, context);
  }

  private service(
    id: string,
    name: string,
    service: ServiceModel,
    labels: Record<string, string>,
    color: Color,
    context: LabelContext,
  ): k8s.KubeService {
    return new KubeService(this, id, {
      metadata: { name, labels },
      spec: {
        type: 'ClusterIP',
        selector: colorSelector(context, service.name, color),
        ports: servicePorts(service),
      },
    });
  }
}
