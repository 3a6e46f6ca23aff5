export { shellHandler, SHELL_HANDLER, type ShellOptions, type ShellResult } from './shell-handler.js';
export { CommandPolicy } from './command-policy.js';
