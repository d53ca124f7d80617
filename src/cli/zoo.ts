import { CliError } from './args';

// Placeholder until the issue that delivers `zoo` lands.
export async function run(_argv: string[]): Promise<number> {
  throw new CliError('command "zoo" is not built yet');
}
