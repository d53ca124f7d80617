/** Energy and speed at the current knobs from the DRAM model (coarse: one setting for the module). */
import type { ZooEntry } from '../../core/models/zoo';
import type { ExplorerConfig } from '../../state/config';
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
