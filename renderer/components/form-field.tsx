// One labelled field of a dialog's form: the input, then its error (named by the master's
// validation message or the form's own check) or else its hint. Tests find it by data-field.
import type { ReactNode } from 'react';

export function FormField({ name, label, error, hint, children }: { name: string; label: string; error?: string | undefined; hint?: ReactNode; children: ReactNode }) {
  return (
    <label className={`field${error ? ' invalid' : ''}`} data-field={name}>
      <span className="field-label">{label}</span>
      {children}
      {error ? <span className="field-error" role="alert">{error}</span> : hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}
