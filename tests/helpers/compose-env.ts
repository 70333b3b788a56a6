import { readFileSync } from 'node:fs';

/**
 * The `environment` of one service in compose.yaml, interpolated as Docker Compose does
 * (`${VAR}`, `${VAR:-default}`, `${VAR:?message}` fails with the message). There is no Compose
 * on the test machines, so this reads the file's own plain layout: a `KEY: value` mapping of
 * scalars under `services.<name>.environment`, comments and blank lines ignored.
 */
export function composeEnvironment(file: string, service: string, vars: Record<string, string | undefined>): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const env: Record<string, string> = {};
  let inService = false;
  let inEnvironment = false;
  for (const line of lines) {
    if (/^\s*(#|$)/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 2) inService = line.trim() === `${service}:`;
    if (indent <= 4) inEnvironment = inService && line.trim() === 'environment:';
    else if (inEnvironment && indent === 6) {
      const match = /^\s+([A-Z0-9_]+):\s*(.*)$/.exec(line);
      if (!match) throw new Error(`compose.yaml: cannot read environment line "${line.trim()}"`);
      env[match[1]!] = interpolate(unquote(match[2]!), vars);
    }
  }
  if (!Object.keys(env).length) throw new Error(`compose.yaml: service ${service} has no environment mapping`);
  return env;
}

const unquote = (v: string) => (/^(["']).*\1$/.test(v) ? v.slice(1, -1) : v);

function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string | undefined) => {
    const set = vars[name] !== undefined && vars[name] !== '';
    if (set) return vars[name]!;
    if (op === ':?') throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return op === ':-' ? (arg ?? '') : '';
  });
}

/** The names compose.yaml requires (`${NAME:?…}`) anywhere in the file. */
export function composeRequiredVariables(file: string): string[] {
  return [...new Set([...readFileSync(file, 'utf8').matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]!))].sort();
}
