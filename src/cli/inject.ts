import { CliError } from './args';

// Placeholder until the issue that delivers `inject` lands.
export async function run(_argv: string[]): Promise<number> {
  throw new CliError('command "inject" is not built yet');
}
