/** The running engine, for panels that call it directly (e.g. loading your own model). */
import type { EngineHandle } from './client';

let current: EngineHandle | null = null;

export function setEngine(engine: EngineHandle | null) {
  current = engine;
}

export function getEngine(): EngineHandle | null {
  return current;
}
