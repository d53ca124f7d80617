import { CliError } from './args';

// Placeholder until the issue that delivers `characterize` lands.
export async function run(_argv: string[]): Promise<number> {
  throw new CliError('command "characterize" is not built yet');
}
