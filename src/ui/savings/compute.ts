/**
 * Energy and speed from the DRAM model: at the current knobs (coarse: one setting for the
 * module), or with an applied fine map (each partition at its own setting).
 */
import type { ZooEntry } from '../../core/models/zoo';
import type { ExplorerConfig } from '../../state/config';
import type { MapPartition } from '../../state/mapTypes';
import type { DramPort, EnergyView, PartitionSetting, SpeedView } from '../../state/dramPort';

export interface Savings {
  energy: EnergyView | null;
  speed: SpeedView | null;
  error?: string;
}

export function computeSavings(
  dram: DramPort | null,
  config: ExplorerConfig,
  entry: ZooEntry | null,
  partitions?: PartitionSetting[],
): Savings {
  if (!dram) return { energy: null, speed: null };
  try {
    const speed = dram.speed(config.profileId, config.platform, config.trcdDelta);
    const parts = partitions ?? [
      {
        vddDelta: config.vddDelta,
        trcdDelta: config.trcdDelta,
        dataTypes: entry?.dataTypes.map((d) => d.id) ?? [],
      },
    ];
    const energy = entry
      ? dram.energy(config.profileId, entry, config.format, config.platform, parts)
      : null;
    return { energy, speed };
  } catch (e) {
    return { energy: null, speed: null, error: (e as Error).message };
  }
}

/**
 * The partitions the page's numbers use: the Map run's fine map once applied (`mapping` fine),
 * else undefined (the knobs' one setting for the whole module).
 */
export function appliedPartitions(
  config: Pick<ExplorerConfig, 'mapping'>,
  fineMap: readonly MapPartition[] | null,
): PartitionSetting[] | undefined {
  if (config.mapping !== 'fine' || !fineMap) return undefined;
  return fineMap.map((p) => ({
    vddDelta: p.vddDelta,
    trcdDelta: p.trcdDelta,
    dataTypes: p.dataTypes.map((d) => d.id),
  }));
}
