/**
 * A deterministic stand-in for the engine's evaluator, for tests of the pipeline's logic.
 * Each data type has a critical BER c; errors cost accuracy as damage = Σ (ber / c)², and
 * accuracy = clean · exp(−damage); the CI is ± `halfWidth` around the mean. So tolerances
 * are known in closed form: alone, a data type meets clean − d while ber ≤ c·√(−ln(1 − d'/clean)).
 */
import type { Assignment, Estimate, Evaluator } from './evaluator';

export interface FakeModel {
  clean: number;
  critical: Record<string, number>;
  halfWidth?: number;
}

export function fakeAccuracy(model: FakeModel, assignment: Assignment): number {
  let damage = 0;
  for (const [id, c] of Object.entries(model.critical)) {
    const ber =
      assignment.mode === 'coarse'
        ? assignment.target === 'all' || id.endsWith(`/${assignment.target}`)
          ? assignment.ber
          : 0
        : (assignment.perDataType[id] ?? 0);
    damage += (ber / c) ** 2;
  }
  return model.clean * Math.exp(-damage);
}

/** The evaluator, plus a log of every assignment it was asked for. */
export function fakeEvaluator(model: FakeModel): Evaluator & { calls: Assignment[] } {
  const calls: Assignment[] = [];
  const h = model.halfWidth ?? 0.002;
  const evaluate = async (assignment: Assignment): Promise<Estimate> => {
    calls.push(assignment);
    const mean = fakeAccuracy(model, assignment);
    const width = mean === model.clean ? 0 : h; // the clean model is deterministic
    return { mean, lo: mean - width, hi: mean + width, trials: 5, samples: 1000 };
  };
  return Object.assign(evaluate, { calls });
}

/** The isolated tolerance of one data type under the fake model, for a target drop. */
export function fakeIsolatedTolerance(model: FakeModel, id: string, drop: number): number {
  const h = model.halfWidth ?? 0.002;
  // clean · exp(−(b/c)²) − h ≥ clean − drop  ⇔  b ≤ c · √(−ln((clean − drop + h) / clean))
  return model.critical[id] * Math.sqrt(-Math.log((model.clean - drop + h) / model.clean));
}
