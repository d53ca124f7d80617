import { CliError } from './args';

// Placeholder until the issue that delivers `sweep` lands.
export async function run(_argv: string[]): Promise<number> {
  throw new CliError('command "sweep" is not built yet');
}
