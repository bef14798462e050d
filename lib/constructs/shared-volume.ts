import { KubePersistentVolumeClaim } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { VolumeModel } from '../model';

export interface SharedVolumeProps {
  /** A ReadWriteMany volume; the claim takes its name, size and storage class. */
  readonly volume: VolumeModel;
  /** Labels of the object. */
  readonly labels: Record<string, string>;
  /** Annotations of the claim (Argo CD's keep-the-claim options). @default none */
  readonly annotations?: Record<string, string>;
}

/**
 * A ReadWriteMany named volume (`backend-uploads`): one PersistentVolumeClaim that every replica of
 * every workload mounting it shares, as they would share the compose volume on one host.
 */
export class SharedVolume extends Construct {
  readonly claim: k8s.KubePersistentVolumeClaim;
  /** The claim's name, which the pods mounting it name: the volume's. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: SharedVolumeProps) {
    super(scope, id);
    const { volume } = props;
    if (volume.accessMode !== 'ReadWriteMany') {
      throw new Error(`volume "${volume.name}" is ${volume.accessMode}: only a ReadWriteMany volume can be shared; a ReadWriteOnce one is a claim template of its StatefulService`);
    }
    this.name = volume.name;
    this.claim = new KubePersistentVolumeClaim(this, 'claim', {
      metadata: { name: volume.name, labels: props.labels, annotations: props.annotations },
      spec: {
        accessModes: [volume.accessMode],
        storageClassName: volume.storageClass,
        resources: { requests: { storage: k8s.Quantity.fromString(volume.size) } },
      },
    });
  }
}
