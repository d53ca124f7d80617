import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueAt, plainIssue } from './schemaIssue';

const first = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error!.issues[0];

describe('schema issues in plain words', () => {
  it('says what a number must be', () => {
    expect(plainIssue(first(z.coerce.number().max(0), '0.2'))).toBe('must be at most 0');
    expect(plainIssue(first(z.number().gt(0), 0))).toBe('must be above 0');
    expect(plainIssue(first(z.number().int(), 2.5))).toBe('must be a whole number');
    expect(plainIssue(first(z.coerce.number(), 'abc'))).toBe('must be a number');
  });
  it('keeps a schema’s own message and names the path', () => {
    const s = z.object({ layers: z.array(z.object({ units: z.number().min(1) })) });
    expect(issueAt(first(s, { layers: [{ units: 0 }] }))).toBe(
      'layers.0.units: must be at least 1',
    );
    expect(plainIssue(first(z.enum(['a', 'b'], { error: 'must be a or b' }), 'c'))).toBe(
      'must be a or b',
    );
  });
});
