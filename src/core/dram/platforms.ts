/**
 * The four systems of EDEN evaluation (Koppula et al., MICRO 2019, evaluation; reference file
 * `public/reference/eden-coarse-table.json` → evaluated_platforms), reduced to the few numbers
 * the DRAM model needs. They are editable: every function takes a `Platform` object, so the UI
 * can pass edited values (validate them with `parsePlatform`). docs/dram-model.md §5 lists
 * where each number comes from and which ones are modelling choices.
 */
import { z } from 'zod';
import { issueAt } from '../schemaIssue';

export const platformSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** The system as EDEN describes it. */
  description: z.string(),
  /** Default module profile for this platform's memory (the user may pick another). */
  profileId: z.string().min(1),
  /** On-chip buffer (cache / global buffer) that holds a layer's weight tile. */
  onChipBytes: z.number().positive(),
  /** Images per weight fetch (weights are read once per batch). */
  batch: z.number().int().positive(),
  /** Peak DRAM bandwidth, GB/s (10^9 B/s): the memory time of an inference is bytes / bandwidth. */
  bandwidthGBs: z.number().positive(),
  /** Share m of run time spent waiting on DRAM; sets speedup 1 / (1 − m + m·t'/t). */
  memoryBoundFraction: z.number().gt(0).max(1),
  /** Share of DRAM accesses that hit an open row (no ACT/PRE, no tRCD). */
  rowHitRate: z.number().min(0).max(1),
  /** Ranks drawing background and refresh power (channels × ranks per channel). */
  ranks: z.number().int().positive(),
  /** Where the numbers come from. */
  source: z.string(),
});

export type Platform = z.infer<typeof platformSchema>;
export type PlatformId = 'cpu' | 'gpu' | 'eyeriss' | 'tpu';
export const PLATFORM_IDS: readonly PlatformId[] = ['cpu', 'gpu', 'eyeriss', 'tpu'];

const MiB = 1024 * 1024;

export const PLATFORMS: Readonly<Record<PlatformId, Platform>> = {
  cpu: {
    id: 'cpu',
    name: 'CPU (4 cores, DDR4)',
    description: '4 cores, 8 MB L3, 8 GB DDR4',
    profileId: 'ddr4-2400',
    onChipBytes: 8 * MiB,
    batch: 1,
    bandwidthGBs: 38.4,
    memoryBoundFraction: 0.85,
    rowHitRate: 0.2,
    ranks: 2,
    source:
      'EDEN evaluation (4 cores, 8 MB L3, 8 GB DDR4). 2 channels of DDR4-2400 (2 × 19.2 GB/s), one 4 GB rank of 8 × 4Gb x8 chips each. ' +
      'm = 0.85 and row-hit rate 0.2 are modelling choices (EDEN simulates, it reports no such numbers): latency-bound DNNs on a ' +
      'multi-core CPU whose interleaved streams mostly conflict in the row buffers; with them the average speedup over the table rows ' +
      'is near the paper’s 8 % (docs/dram-model.md §5).',
  },
  gpu: {
    id: 'gpu',
    name: 'GPU (28 SMs, GDDR5)',
    description: '28 SMs, 12 GB GDDR5 (Titan X)',
    profileId: 'ddr3-eden',
    onChipBytes: 3 * MiB,
    batch: 1,
    bandwidthGBs: 480,
    memoryBoundFraction: 0.45,
    rowHitRate: 0.5,
    ranks: 6,
    source:
      'EDEN evaluation (28 SMs, 12 GB GDDR5, Titan X): 3 MB L2, 384-bit bus = 6 × 64-bit, 480 GB/s (NVIDIA Titan X spec). No GDDR5 ' +
      'profile ships; ddr3-eden stands in (same 1.5 V nominal). m = 0.45 and row-hit rate 0.5 are modelling choices (GPUs hide ' +
      'much of the latency): with them the average speedup over the table rows is near the paper’s 2.7 %.',
  },
  eyeriss: {
    id: 'eyeriss',
    name: 'Eyeriss-like accelerator (LPDDR4)',
    description: '12×14 PEs, 4 GB LPDDR4',
    profileId: 'lpddr4-3200',
    onChipBytes: 108 * 1024,
    batch: 1,
    bandwidthGBs: 12.8,
    memoryBoundFraction: 0.5,
    rowHitRate: 0.9,
    ranks: 2,
    source:
      'EDEN evaluation (12×14 PEs, 4 GB LPDDR4); 108 KB global buffer (Chen et al., Eyeriss, ISSCC 2016); one x32 LPDDR4-3200 ' +
      '(12.8 GB/s). m = 0.5 and row-hit rate 0.9 (sequential DMA of tiles) are modelling choices; EDEN reports no accelerator speedup.',
  },
  tpu: {
    id: 'tpu',
    name: 'TPU-like accelerator (LPDDR4)',
    description: '256×256 PEs, 4 GB LPDDR4',
    profileId: 'lpddr4-3200',
    onChipBytes: 24 * MiB,
    batch: 1,
    bandwidthGBs: 25.6,
    memoryBoundFraction: 0.5,
    rowHitRate: 0.9,
    ranks: 2,
    source:
      'EDEN evaluation (256×256 PEs, 4 GB LPDDR4); 24 MiB unified buffer (Jouppi et al., TPU, ISCA 2017); two x32 LPDDR4-3200 ' +
      '(25.6 GB/s). m = 0.5 and row-hit rate 0.9 are modelling choices; EDEN reports no accelerator speedup.',
  },
};

/** Validate an edited platform; throws an Error naming the first wrong field. */
export function parsePlatform(json: unknown): Platform {
  const r = platformSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`platform is invalid at ${issueAt(issue)}`);
  }
  return r.data;
}
