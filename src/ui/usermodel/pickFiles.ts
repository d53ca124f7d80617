/** Sorting the files a user picked into model.json + weights, and an IDX pair into images + labels. */

export interface PickedModel {
  modelJson: File;
  weights: File[];
}

/**
 * The app's own side files beside a model: the page's "Download boosted model" saves
 * `<id>.entry.json` next to model.json, `eden boost --out` writes entry.json and boost.json.
 * They are not the model: picking them with it must not be "Pick exactly one model.json".
 */
const SIDE_FILE = /(^|\.)entry\.json$|^boost\.json$/i;

/**
 * One .json file (the tfjs model) plus the other files, `weights` (the loader uses the ones
 * model.json lists and names the rest as not used); a readable error otherwise.
 */
export function splitModelFiles(files: readonly File[]): PickedModel | string {
  const json = files.filter(
    (f) => f.name.toLowerCase().endsWith('.json') && !SIDE_FILE.test(f.name),
  );
  if (json.length === 0) return 'Pick the model.json file together with its weight files (.bin).';
  if (json.length > 1)
    return `Pick exactly one model.json (got ${json.map((f) => f.name).join(', ')}).`;
  const weights = files.filter((f) => f !== json[0]);
  if (weights.length === 0) return 'No weight files: pick the .bin files listed in model.json too.';
  return { modelJson: json[0], weights };
}

/** IDX header: magic 0x00 0x00 <type> <ndims>. */
async function idxDims(f: File): Promise<number | null> {
  const head = new Uint8Array(await f.slice(0, 4).arrayBuffer());
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) return null;
  return head[3];
}

/** Two IDX files: the 3-dim one holds the images, the 1-dim one the labels. */
export async function splitIdxFiles(
  files: readonly File[],
): Promise<{ images: File; labels: File } | string> {
  if (files.length !== 2) return `Pick two IDX files, images and labels (got ${files.length}).`;
  const dims = await Promise.all(files.map(idxDims));
  if (dims.some((d) => d === null))
    return `${files[dims.indexOf(null)].name} is not an IDX file (it must start with two zero bytes; gzip files must be unpacked first).`;
  const images = files[dims.indexOf(3)];
  const labels = files[dims.indexOf(1)];
  if (!images || !labels)
    return `Expected one 3-dim image file and one 1-dim label file; got ${dims.join(' and ')} dims.`;
  return { images, labels };
}
