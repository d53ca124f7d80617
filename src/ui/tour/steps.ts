/**
 * The guided tour (issue #7 item 9; issue #15 item 9): each step points at the panel it
 * explains, the steps go down the page in order, and each sets the state it talks about (the
 * knobs, the Why view), so a step on bit errors shows bit errors.
 */
import type { WhyView } from '../../core/why/types';

export interface TourStep {
  /** `data-tour` attribute of the panel to highlight. */
  target: string;
  title: string;
  text: string;
  /** Knob setting the step shows (ΔVDD in V, ΔtRCD in ns); unset: leave the knobs alone. */
  knobs?: { vddDelta: number; trcdDelta: number };
  /** The Why view the step shows (its tab selected). */
  whyView?: WhyView;
}

/** Nominal settings: no bit errors. */
const NOMINAL = { vddDelta: 0, trcdDelta: 0 };
/** 0.10 V below nominal: bit errors enough to see (BER 4e-3 on the default DDR3 profile). */
const LOWERED = { vddDelta: -0.1, trcdDelta: 0 };

export const TOUR: readonly TourStep[] = [
  {
    target: 'knobs',
    knobs: NOMINAL,
    title: '1 · Two knobs of a DRAM chip',
    text: 'VDD is the supply voltage; tRCD is how long the chip waits after opening a row before reading it. Both are set with safety margins: at nominal, as now, the bit error rate is 0. Lower VDD saves energy (power grows with V²); shorter tRCD makes every row access faster.',
  },
  {
    target: 'knobs',
    knobs: LOWERED,
    title: '2 · Why bit errors appear',
    text: 'The tour has lowered VDD by 0.10 V. A DRAM cell is a tiny capacitor: at lower voltage, or when read too early, the weakest cells no longer deliver enough charge to the sense amplifier and read back wrong. The bit error rate (BER) beside the sliders comes from error models fitted to real modules.',
  },
  {
    target: 'headline',
    knobs: LOWERED,
    title: '3 · The trade-off',
    text: 'At this setting: the DRAM energy saving beside the accuracy, and the accuracy against the target. Drag VDD down and the saving rises while accuracy holds, until it does not. EDEN keeps accuracy within a target (e.g. 1 point below the error-free model) and picks the most aggressive setting that meets it (scenario key 2).',
  },
  {
    target: 'chart',
    knobs: LOWERED,
    title: '4 · What errors do to a network',
    text: 'The curve is accuracy measured in your browser with errors injected into the weights and feature maps as they are read from DRAM. Compute stays exact float32: only storage is approximate. The dot is where the knobs put you; the dotted line is the largest BER that still meets the target.',
  },
  {
    target: 'why',
    whyView: 'bits',
    knobs: LOWERED,
    title: 'Why 1 · Which bits matter',
    text: 'Only one bit position of every stored value may flip, at the same BER. In fp32 the exponent bits do almost all the damage: one flip turns 0.1 into 10^37. EDEN zeroes such out-of-range values, and the drop disappears. In int8 the sign and top bits matter, the low bits barely.',
  },
  {
    target: 'why',
    whyView: 'trials',
    knobs: LOWERED,
    title: 'Why 2 · Luck matters',
    text: 'Each dot is one trial: the same BER, other bits flipped. The spread is the point: which bits flip decides the accuracy. Open the worst trial to see every flipped weight bit.',
  },
  {
    target: 'why',
    whyView: 'changed',
    knobs: LOWERED,
    title: 'Why 3 · What the network got wrong',
    text: 'The test images whose prediction changed under errors: true label, clean and faulty prediction, in how many trials. Click one to compare its logits clean and faulty. Errors can also fix a wrong answer, but rarely.',
  },
  {
    target: 'why',
    whyView: 'layers',
    knobs: LOWERED,
    title: 'Why 4 · Which data matter',
    text: 'Each data type (weights, input and output feature maps of each layer) read through approximate DRAM alone. The sensitive ones belong in reliable DRAM: this is what EDEN’s fine-grained mapping exploits.',
  },
  {
    target: 'why',
    whyView: 'histogram',
    knobs: LOWERED,
    title: 'Why 5 · Where the damage comes from',
    text: 'The values of one tensor, clean (grey) and as read (red, log count). Flips that push a value outside the tensor’s clean range (shaded) are what the out-of-range correction zeroes or clamps.',
  },
  {
    target: 'runs',
    knobs: LOWERED,
    title: '5 · EDEN in three steps',
    text: 'Boost: retrain with bit errors so the network tolerates more. Characterize: find the highest BER each piece of data tolerates. Map: put sensitive data in reliable DRAM partitions, tolerant data in aggressive ones.',
  },
  {
    target: 'map',
    knobs: LOWERED,
    title: '6 · The partition map',
    text: 'Each coloured band is a group of DRAM banks at one VDD/tRCD; the blocks are the network’s weights and feature maps, sized by bytes. Hover a block to see what it is.',
  },
  {
    target: 'savings',
    knobs: LOWERED,
    title: '7 · Energy and speed are models',
    text: 'Energy per inference comes from datasheet currents (DRAMPower-style equations) and speedup from the timing model — models, not measurements. Open the equations below the table.',
  },
  {
    target: 'bits',
    knobs: LOWERED,
    title: '8 · Where the errors land',
    text: 'This read of a DRAM array window at the knobs’ BER: flipped cells in red. Some errors are uniform, some cluster on weak rows (wordlines) or weak columns (bitlines), some depend on the stored value. Switch the error model in the settings and watch the pattern change; the weight below shows what one flip does to a value.',
  },
];
