import { CliError } from './args';

// Placeholder until the issue that delivers `map` lands.
export async function run(_argv: string[]): Promise<number> {
  throw new CliError('command "map" is not built yet');
}
