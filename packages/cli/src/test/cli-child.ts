// Runs the CLI from its TypeScript sources in a child process (tests that need a real process:
// signals, a server that outlives a call). Start with: node --conditions=source --import tsx cli-child.ts …
import { main } from '../index.js';

process.exitCode = await main(process.argv.slice(2));
