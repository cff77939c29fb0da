/** Messages the user should read: link values that were replaced, searches that failed. */
import { useApp, useAppStore } from '../state/react.ts';
import { dismissNotice } from '../state/store.ts';

export function Notices() {
  const store = useAppStore();
  const notices = useApp((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Messages">
      {notices.map((n) => (
        <li key={n.id} className={`notice notice-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" aria-label="Dismiss message" onClick={() => dismissNotice(store, n.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
