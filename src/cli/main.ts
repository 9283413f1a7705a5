// pbxctl: declarative configuration of phone systems.
import { buildProgram } from './program.ts';

await buildProgram().parseAsync(process.argv);
