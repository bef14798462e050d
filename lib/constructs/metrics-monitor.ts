import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { PodMonitorProps } from '../../imports/podmonitor-monitoring.coreos.com';
import { customResource } from '../custom-resources';
import type { ScrapeModel } from '../model';

export interface MetricsMonitorProps {
  /** The service scraped, its port and path. */
  readonly scrape: ScrapeModel;
  /** Labels that select the service's pods: every replica, of every colour. */
  readonly podSelector: Record<string, string>;
  /**
   * Pod labels copied onto every series as target labels, e.g. `{ color: 'blue-green/color' }`, so a
   * blue/green comparison is one query.
   * @default none
   */
  readonly podLabelsAsTargetLabels?: Readonly<Record<string, string>>;
  /** The object's own labels, including those the cluster's Prometheus selects PodMonitors by. */
  readonly labels: Record<string, string>;
}

/** How Prometheus names a pod label in its service discovery: `blue-green/color` → `__meta_kubernetes_pod_label_blue_green_color`. */
export function podLabelMetaName(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/**
 * A prometheus-operator `PodMonitor` for one service: Prometheus scrapes each of its pods directly on the
 * named metrics port (pods, not a Service, because a Service picks one pod per request and the idle
 * colour has no Service of its own beyond the preview one).
 */
export class MetricsMonitor extends Construct {
  readonly podMonitor: ApiObject;

  constructor(scope: Construct, id: string, props: MetricsMonitorProps) {
    super(scope, id);
    const relabelings = Object.entries(props.podLabelsAsTargetLabels ?? {}).map(([targetLabel, podLabel]) => ({ sourceLabels: [podLabelMetaName(podLabel)], targetLabel }));
    const podMonitor: PodMonitorProps = {
      metadata: { name: `${props.scrape.service}-metrics`, labels: props.labels },
      spec: {
        selector: { matchLabels: props.podSelector },
        podMetricsEndpoints: [
          {
            port: props.scrape.port.name,
            path: props.scrape.path,
            interval: props.scrape.interval,
            ...(relabelings.length > 0 ? { relabelings } : {}),
          },
        ],
      },
    };
    this.podMonitor = customResource(this, 'pod-monitor', 'PodMonitor', podMonitor);
  }
}
