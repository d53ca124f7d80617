import { CliError } from './args';

// Placeholder until the issue that delivers `boost` lands.
export async function run(_argv: string[]): Promise<number> {
  throw new CliError('command "boost" is not built yet');
}
