import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WorkspaceSnapshot, WorkspaceState } from './workspace-state.js';

/** The saved workspace beside the sandbox's database, restored at start and saved while the sandbox runs. */
export interface KeptWorkspace {
  /** True when a saved story was restored at start. */
  readonly restored: boolean;
  /** Saves once more and stops saving. */
  stop(): void;
}

function save(state: WorkspaceState, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state.snapshot()));
  renameSync(tmp, file);
}

/**
 * Restores the stand-in's workspace from `file` when it holds a saved one (an unreadable file is left aside and the
 * seeded workspace kept), then saves it at most every `everyMs` after the stand-in reported a change (`onActivity`:
 * every Web API call and gesture) and once more at stop, each time to a temporary file renamed over the old one, so
 * a crash mid-write never leaves half a workspace and an idle sandbox writes nothing.
 */
export function keepWorkspace(
  state: WorkspaceState,
  file: string,
  options: { onActivity: (listener: () => void) => () => void; everyMs?: number },
): KeptWorkspace {
  let restored = false;
  if (existsSync(file)) {
    try {
      const snapshot = JSON.parse(readFileSync(file, 'utf8')) as WorkspaceSnapshot;
      if (snapshot.version === 1) {
        state.restore(snapshot);
        restored = true;
      }
    } catch {
      renameSync(file, `${file}.unreadable`);
    }
  }
  let changed = false;
  const unsubscribe = options.onActivity(() => {
    changed = true;
  });
  const timer = setInterval(() => {
    if (!changed) return;
    changed = false;
    save(state, file);
  }, options.everyMs ?? 2000);
  timer.unref();
  return {
    restored,
    stop() {
      clearInterval(timer);
      unsubscribe();
      save(state, file);
    },
  };
}
