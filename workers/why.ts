/**
 * The "why" views in the worker (issue #16): the same engine function as `eden why`
 * (src/engine/why.ts), run as one explorer-session request (latest wins; cancel() stops it),
 * streaming each progressive phase (first estimate on 100 images in the browser).
 */
import type { WhyResult } from '../src/core/why/types';
import type { ExplorerSession } from '../src/engine/session';
import { runWhy, type WhyRequest } from '../src/engine/why';

export type { WhyRequest };

export interface WhyApi {
  /** One view at the request's operating point; `onPhase` gets each progressive result. */
  why(request: WhyRequest, onPhase?: (result: WhyResult) => void): Promise<WhyResult>;
}

export function whyApi(session: ExplorerSession): WhyApi {
  return {
    why: (request, onPhase) =>
      session.runStored(request.config, (stored, data, options) =>
        runWhy(stored, data, request, options, onPhase),
      ),
  };
}
