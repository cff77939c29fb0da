/**
 * A collapsible group of a panel's fields: a disclosure button (the group's name and a note on its state)
 * and, while open, the fields as a group named like the button.
 */
import { useId, type ReactNode } from 'react';

export function FieldGroup({
  name,
  note,
  open,
  onToggle,
  children,
}: {
  readonly name: string;
  /** After the name, e.g. " (edited)". */
  readonly note: string;
  readonly open: boolean;
  readonly onToggle: () => void;
  readonly children: ReactNode;
}) {
  const regionId = useId();
  return (
    <div className="field-group">
      <button
        type="button"
        className="disclosure"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={onToggle}
      >
        {/* The arrow is decoration: kept out of the button's accessible name. */}
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        {name}
        {note}
      </button>
      {open ? (
        <div id={regionId} role="group" aria-label={name}>
          {children}
        </div>
      ) : null}
    </div>
  );
}
