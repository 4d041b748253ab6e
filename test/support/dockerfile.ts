import { readFileSync } from 'node:fs';

/** One Dockerfile instruction: its keyword (upper case), its `--flag=value` options and its arguments. */
export interface DockerInstruction {
  readonly keyword: string;
  readonly flags: Readonly<Record<string, string>>;
  /** Exec form (`["node", "x"]`) parsed as JSON, shell form split on whitespace. */
  readonly args: readonly string[];
  /** The text after the keyword and flags, as written (line continuations joined). */
  readonly text: string;
  /** Whether the arguments were written in exec (JSON array) form. */
  readonly exec: boolean;
}

/** A build stage: `FROM <image> [AS <name>]` and what follows it. */
export interface DockerStage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: readonly DockerInstruction[];
}

/**
 * Parses the Dockerfile subset Shipgate's uses — comments, `\` line continuations, `--flag=value` options, exec
 * and shell forms — into its stages. Enough to check what it copies and runs; not a general parser (no
 * heredocs, no escape directive, no variable expansion).
 */
export function parseDockerfile(text: string): DockerStage[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (pending === '' && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push((pending + line).trim());
    pending = '';
  }
  const stages: { from: string; name: string | undefined; instructions: DockerInstruction[] }[] = [];
  for (const line of lines) {
    const instruction = parseInstruction(line);
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args;
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${instruction.keyword} before the first FROM`);
    stage.instructions.push(instruction);
  }
  return stages;
}

function parseInstruction(line: string): DockerInstruction {
  const match = /^(\S+)\s*(.*)$/.exec(line);
  const keyword = (match?.[1] ?? '').toUpperCase();
  let rest = match?.[2] ?? '';
  const flags: Record<string, string> = {};
  for (let flag = /^--([\w-]+)=(\S+)\s*/.exec(rest); flag; flag = /^--([\w-]+)=(\S+)\s*/.exec(rest)) {
    flags[flag[1] ?? ''] = flag[2] ?? '';
    rest = rest.slice(flag[0].length);
  }
  const exec = rest.startsWith('[');
  const args = exec ? (JSON.parse(rest) as string[]) : rest.split(/\s+/).filter(Boolean);
  return { keyword, flags, args, text: rest, exec };
}

/** Reads and parses a Dockerfile. */
export function readDockerfile(path: string): DockerStage[] {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

/** The stage named `name`; throws if there is none. */
export function stageNamed(stages: readonly DockerStage[], name: string): DockerStage {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`the Dockerfile has no stage named ${name}`);
  return stage;
}

/** The last instruction with `keyword` in a stage (Docker uses the last CMD, HEALTHCHECK…), if any. */
export function lastOf(stage: DockerStage, keyword: string): DockerInstruction | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1);
}

/** The command a `HEALTHCHECK [options] CMD …` runs. */
export function healthcheckCommand(instruction: DockerInstruction): DockerInstruction {
  const inner = parseInstruction(instruction.text);
  if (inner.keyword !== 'CMD') throw new Error(`HEALTHCHECK ${instruction.text} has no CMD`);
  return inner;
}

/** A COPY's sources and destination (the last argument). */
export function copyParts(instruction: DockerInstruction): { sources: string[]; dest: string } {
  const args = [...instruction.args];
  const dest = args.pop() ?? '';
  return { sources: args, dest };
}
