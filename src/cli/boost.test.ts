import { describe, expect, it } from 'vitest';
import { CliError } from './args';
import { activationClipOption } from './boost';

describe('eden boost --act-clip / --logit-clip', () => {
  it('leaves the recipe default, turns clipping off, or sets the quantiles', () => {
    expect(activationClipOption(undefined, undefined)).toBeUndefined();
    expect(activationClipOption('off', undefined)).toBeNull();
    expect(activationClipOption('0.995', undefined)).toEqual({
      quantile: 0.995,
      logitQuantile: 0.05,
    });
    expect(activationClipOption(undefined, '0.2')).toEqual({ quantile: 0.99, logitQuantile: 0.2 });
  });

  it('rejects a logit clip without activation clipping, and non-numbers', () => {
    expect(() => activationClipOption('off', '0.1')).toThrow(CliError);
    expect(() => activationClipOption('lots', undefined)).toThrow(CliError);
  });
});
