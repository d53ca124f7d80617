/**
 * The "why" views in the worker: the same engine function as `eden why` (src/engine/why.ts),
 * run as one explorer-session request (latest wins; cancel() stops it), streaming each
 * progressive phase (first estimate on 100 images in the browser).
 */
import type { WhyApi } from '../contract/api';
import type { ExplorerSession } from './session';
import { runWhy } from './why';

export function whyApi(session: ExplorerSession): WhyApi {
  return {
    why: (request, onPhase) =>
      session.runStored(request.config, (stored, data, options) =>
        runWhy(stored, data, request, options, onPhase),
      ),
  };
}
