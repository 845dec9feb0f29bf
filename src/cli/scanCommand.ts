import { CliIo } from './io';

/** Placeholder until the detector lands. */
export async function runScan(_args: string[], io: CliIo): Promise<number> {
  io.stderr.write('scan: not implemented yet\n');
  return 2;
}
