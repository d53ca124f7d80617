/**
 * The one way a failed zod check is worded for users (links, imported files, the CLI): what the
 * value must be, in the page's words ("must be at most 0"), not zod's default English
 * ("Too big: expected number to be <=0"). A schema's own message (e.g. a list of allowed ids)
 * is kept.
 */
import type { z } from 'zod';

/** What the value must be, e.g. "must be a whole number". */
export function plainIssue(i: z.core.$ZodIssue): string {
  if (i.code === 'too_big')
    return `must be ${i.inclusive ? 'at most' : 'below'} ${String(i.maximum)}`;
  if (i.code === 'too_small')
    return `must be ${i.inclusive ? 'at least' : 'above'} ${String(i.minimum)}`;
  if (i.code === 'invalid_type' && i.expected === 'int') return 'must be a whole number';
  if (i.code === 'invalid_type' && i.expected === 'number') return 'must be a number';
  return i.message;
}

/** "layers.0.units: must be at least 1" (the root is "(root)"). */
export function issueAt(i: z.core.$ZodIssue): string {
  return `${i.path.map(String).join('.') || '(root)'}: ${plainIssue(i)}`;
}
