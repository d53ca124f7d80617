/**
 * The DRAM model (docs/design.md §3, docs/dram-model.md): module profiles, knobs → BER and the
 * inverse, DRAMPower-style energy per inference, latency and speedup per platform.
 * Pure functions over plain objects: the UI, the worker and the CLI call the same code.
 * `geometry` (rows/bitlines of the DRAM image) is the error engine's (issue #3), re-exported here.
 */
export * from './profile';
export * from './ber';
export * from './platforms';
export * from './traffic';
export * from './latency';
export * from './energy';
export * from './geometry';
export * from './characterizationCsv';
