// Asks again for a job's secret env values, erased when the job ended (only their names are
// kept), before an action that runs its commands again: Retry and Clean up.
import { useEffect, useRef, useState } from 'react';

export function SecretsDialog({ names, question, action, onSubmit, onClose }: {
  names: string[];
  /** What will happen, as the confirmation would say it. */
  question: string;
  /** The submit button's label. */
  action: string;
  onSubmit: (secrets: Record<string, string>) => void;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const missing = names.filter((name) => !values[name]);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (missing.length > 0) return;
    onSubmit(values);
    dialog.current?.close();
  };

  return (
    <dialog ref={dialog} className="dialog secrets-dialog" onClose={onClose} aria-labelledby="secrets-title">
      <form onSubmit={submit}>
        <h2 id="secrets-title">{action}</h2>
        <p>{question}</p>
        <p className="muted">The job's secret values were erased when it ended; only their names are kept. Give them again:</p>
        {names.map((name) => (
          <label key={name} className="field">
            <span className="mono">{name}</span>
            <input type="password" name={name} autoComplete="off" value={values[name] ?? ''} onChange={(e) => setValues({ ...values, [name]: e.target.value })} />
          </label>
        ))}
        <footer className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>Cancel</button>
          <button type="submit" className="primary" disabled={missing.length > 0}>{action}</button>
        </footer>
      </form>
    </dialog>
  );
}
