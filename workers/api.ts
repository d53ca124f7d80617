/**
 * The worker contract now lives below the engine, in src/contract/api.ts (data types and the
 * ExplorerApi / EdenPipelineApi request methods) and src/contract/errors.ts (error codes).
 * This file only re-exports it for older import sites; new code imports src/contract.
 */
export type * from '../src/contract/api';
