// An error answer of the master, with the HTTP status and the field it names (if any), so a
// form can show the message next to that field.
export class ApiCallError extends Error {
  readonly status: number;
  /** "spec.workspace" from "spec.workspace: must be an absolute path"; null when none. */
  readonly field: string | null;
  /** The message without the field prefix. */
  readonly reason: string;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
    const m = /^([A-Za-z_][\w.]*): (.+)$/s.exec(message);
    this.field = status === 400 && m ? m[1]! : null;
    this.reason = this.field ? m![2]! : message;
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
