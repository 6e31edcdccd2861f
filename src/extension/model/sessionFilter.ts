// "heatdesk.sessions.show": all sessions, or only those whose working directory lies inside one of this
// window's folders. A session is classified by the first cwd it reports; its subagents' events carry the
// parent session's id, so a whole agent tree is shown or hidden together.
import type { HeatdeskEvent } from '../../shared/events';
import type { SessionsShown } from '../config';

export interface SessionFilter {
  accept(event: HeatdeskEvent): boolean;
}

/** Whether `path` is `folder` or lies below it (separator-aware; case-insensitive on Windows paths). */
export function isInsideFolder(path: string, folder: string): boolean {
  const windows = /^[a-zA-Z]:[\\/]/.test(folder) || folder.startsWith('\\\\');
  const norm = (p: string) => {
    const s = p.replace(/\\/g, '/').replace(/\/+$/, '');
    return windows ? s.toLowerCase() : s;
  };
  const p = norm(path);
  const f = norm(folder);
  if (f === '') return p.startsWith('/');
  return p === f || p.startsWith(`${f}/`);
}

export function createSessionFilter(mode: SessionsShown, folders: readonly string[]): SessionFilter {
  if (mode === 'all') return { accept: () => true };
  const known = new Map<string, boolean>();
  return {
    accept(event) {
      const seen = known.get(event.session_id);
      if (seen !== undefined) return seen;
      // Every hook payload carries cwd; an event without one cannot be placed, so it waits for one that has.
      if (!event.cwd) return false;
      const cwd = event.cwd;
      const inside = folders.some((f) => isInsideFolder(cwd, f));
      known.set(event.session_id, inside);
      return inside;
    },
  };
}
