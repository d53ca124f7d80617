/**
 * Settings the current model cannot run with, adjusted with one message each that names the
 * setting: more test images than the model's test set holds (a user's own 50-image IDX file
 * under the default 1,000: every estimate failed with "samples must be … in [1, 50]" and the
 * clean accuracy stayed "measuring…"), errors in IFM or OFM for a spiking network (its spikes stay
 * on chip: the sweep failed and nothing was measured). The controller applies the patch whenever
 * the model, its entry, the test images or the data target change (src/ui/engine/controller.ts).
 */
import { DATASETS } from '../core/data/catalog';
import type { ZooEntry } from '../core/models/zoo';
import type { ExplorerConfig } from './config';

/**
 * Test images the model's evaluations can use: its own file's count, else its dataset's
 * (Infinity for an entry whose dataset the catalog does not know: no bound from here).
 */
export function testImagesOf(entry: Pick<ZooEntry, 'dataset' | 'testSamples'>): number {
  const known: Partial<Record<string, (typeof DATASETS)[keyof typeof DATASETS]>> = DATASETS;
  return entry.testSamples ?? known[entry.dataset]?.counts.test ?? Infinity;
}

/** The changes that make `config` runnable on `entry`, and one sentence per change. */
export function fitToModel(
  config: ExplorerConfig,
  entry: Pick<ZooEntry, 'id' | 'family' | 'dataset' | 'testSamples' | 'datasetLabel'>,
): { patch: Partial<ExplorerConfig>; messages: string[] } {
  const patch: Partial<ExplorerConfig> = {};
  const messages: string[] = [];
  const images = testImagesOf(entry);
  if (config.samples > images) {
    patch.samples = images;
    messages.push(
      `Test images ${config.samples.toLocaleString('en-US')} is more than ${entry.id}'s test set holds (${images.toLocaleString('en-US')}${entry.datasetLabel ? ` in ${entry.datasetLabel}` : ''}); using ${images.toLocaleString('en-US')}.`,
    );
  }
  // 'all' is an SNN's DRAM data, its weights; IFM and OFM are not in DRAM.
  if (entry.family === 'snn' && (config.target === 'ifm' || config.target === 'ofm')) {
    patch.target = 'weights';
    messages.push(
      `Errors in "${config.target}" does not apply to ${entry.id}: a spiking network keeps its spikes on chip, only its weights live in DRAM; using weights.`,
    );
  }
  return { patch, messages };
}
