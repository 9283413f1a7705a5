// pbxctl: declarative configuration of phone systems.
import { buildProgram } from './program.ts';

// a reader that stops early (`pbxctl plan | head`) closes the pipe: the rest of the output is
// dropped and the command still finishes its work (an apply is never cut short by its reader)
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
});

await buildProgram().parseAsync(process.argv);
