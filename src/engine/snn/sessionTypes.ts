/** The worker API types the SNN session branch speaks (re-exported to keep one import site). */
export type {
  AccuracyEstimate,
  BerAssignment,
  RunConfig,
  SweepPoint,
  SweepResult,
} from '../../../workers/api';
export type { DataKind } from '../../core/types';
