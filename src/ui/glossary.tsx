/**
 * The page's jargon, defined once (issue #15 item 9): what each term means, shown as a tooltip
 * (`<abbr title>`) where a panel first uses it, and in option labels and button titles.
 */
import type { ReactNode } from 'react';

export const GLOSSARY = {
  ifm: {
    term: 'IFM',
    short: 'input feature map',
    means:
      'input feature map: the activations a layer reads from DRAM (the previous layer’s output)',
  },
  ofm: {
    term: 'OFM',
    short: 'output feature map',
    means: 'output feature map: the activations a layer computes and writes to DRAM',
  },
  zoo: {
    term: 'zoo',
    short: 'built-in models',
    means:
      'the explorer’s built-in models, trained and quantized by scripts/train-models.ts in this repository (public/models/zoo.json)',
  },
  backoff: {
    term: 'back-off',
    short: 'one step safer',
    means:
      'a partition’s setting made one knob step safer because the map’s validation missed the target',
  },
  boost: {
    term: 'Boost',
    short: 'retrain with bit errors',
    means:
      'EDEN’s first step: retrain the network with bit errors injected in the forward pass, raising the BER step by step, so it tolerates more errors',
  },
} as const;

export type TermId = keyof typeof GLOSSARY;

/** A glossary term as the page writes it, with its definition as the tooltip. */
export function Term({ id, children }: { id: TermId; children?: ReactNode }) {
  const g = GLOSSARY[id];
  return (
    <abbr title={g.means} data-term={id}>
      {children ?? g.term}
    </abbr>
  );
}

/** "IFM (input feature map)": a term with its expansion, for places without tooltips (options). */
export function termLabel(id: TermId): string {
  return `${GLOSSARY[id].term} (${GLOSSARY[id].short})`;
}
