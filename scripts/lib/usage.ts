import { readFileSync } from 'node:fs';

/**
 * `--help` (or `-h`) for a script whose usage is its opening comment: prints that comment
 * and exits, before the script starts anything (a bench asked for help would otherwise run).
 */
export function exitWithUsageOnHelp(file: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (!argv.includes('--help') && !argv.includes('-h')) return;
  const opening: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('//')) break;
    opening.push(line.replace(/^\/\/ ?/, ''));
  }
  console.log(opening.join('\n'));
  process.exit(0);
}
