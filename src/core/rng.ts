/**
 * CONTRACT (implemented by the error-engine issue #3): the one seeded generator.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number;
}

/** A generator for a stream identified by (seed, ...labels), e.g. (moduleSeed, 'weak-rows', 'conv1/weights'). */
export function rngFor(_seed: number, ..._labels: (string | number)[]): Rng {
  throw new Error('rngFor: not implemented yet (issue #3)');
}
