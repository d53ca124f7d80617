/**
 * The DRAM model behind the page (issue #5). TODO(issue #5): implement `DramPort` over
 * src/core/dram once it is merged; until then the page says the DRAM model is not available.
 */
import type { DramPort } from '../../state/dramPort';

export const dramPort: DramPort | null = null;
