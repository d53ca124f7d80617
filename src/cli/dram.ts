import { CliError } from './args';

// Placeholder until the issue that delivers `dram` lands.
export async function run(_argv: string[]): Promise<number> {
  throw new CliError('command "dram" is not built yet');
}
