import type { Command } from '../command.ts';

export const digestCommand: Command = {
  name: 'digest',
  summary: 'Digest flow logs for a time window (vpcflow-digesterd compatible).',
  usage: 'flowlens digest [options] SOURCE...',
  async run(_argv, io) {
    io.stderr.write('digest: not implemented yet\n');
    return 1;
  },
};
