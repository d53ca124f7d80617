import { CliError } from './args';

// Placeholder until the issue that delivers `eval` lands.
export async function run(_argv: string[]): Promise<number> {
  throw new CliError('command "eval" is not built yet');
}
