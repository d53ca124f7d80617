/** Test helpers for the DRAM model: the shipped profiles and the LeNet-5 data-type fixture, read from disk. */
import { readFileSync } from 'node:fs';
import { parseZoo } from '../../src/core/models/zoo';
import type { DataTypeInfo } from '../../src/core/types';
import { parseProfile, PROFILE_IDS, type DramProfile } from '../../src/core/dram';

const root = new URL('../../', import.meta.url);

/** Parsed JSON of a repository file. */
export function readRepoJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, root), 'utf8'));
}

/** Every shipped profile, validated. */
export function shippedProfiles(): Record<string, DramProfile> {
  return Object.fromEntries(
    PROFILE_IDS.map((id) => [id, parseProfile(readRepoJson(`public/profiles/${id}.json`))]),
  );
}

/** LeNet-5 (MNIST) data types as the zoo lists them (fixture until public/models/zoo.json exists). */
export function lenetDataTypes(): DataTypeInfo[] {
  return parseZoo(readRepoJson('test/fixtures/dram/lenet5-zoo.json')).models[0].dataTypes;
}
