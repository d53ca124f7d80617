import { describe, expect, it } from 'vitest';
import { CliError } from './args';
import { run } from './why';

describe('eden why: bad input is a one-line CliError (exit 2) before any work', () => {
  it.each([
    [
      ['--model', 'lenet5-mnist', '--format', 'int8', '--ber', '1e-3', '--view', 'pixels'],
      /--view/,
    ],
    [['--model', 'lenet5-mnist', '--format', 'int8', '--view', 'bits'], /--ber is required/],
    [
      ['--model', 'lenet5-mnist', '--format', 'int8', '--ber', '2', '--view', 'bits'],
      /--ber must be in \[0, 1\]/,
    ],
    [['--model', 'nope', '--format', 'int8', '--ber', '1e-3', '--view', 'bits'], /nope/],
    [
      ['--model', 'lenet5-mnist', '--format', 'int9', '--ber', '1e-3', '--view', 'bits'],
      /--format/,
    ],
  ])('%j', async (argv, message) => {
    const p = run(argv);
    await expect(p).rejects.toBeInstanceOf(CliError);
    await expect(p).rejects.toThrow(message);
  });
});
