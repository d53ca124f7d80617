/** A DRAM partition map as the page shows it (coarse: one partition; fine: EDEN's greedy map). */
import type { DataKind } from '../core/types';

export interface MapDataType {
  id: string;
  layer: string;
  kind: DataKind;
  bytes: number;
  /** Highest BER this data type tolerates alone (fine characterization), when known. */
  tolerableBer?: number;
}

export interface MapPartition {
  label: string;
  vddDelta: number;
  trcdDelta: number;
  ber: number;
  dataTypes: MapDataType[];
}
