// An error the caller sees as is: an HTTP status plus a sentence. Thrown by every part that
// answers a request (jobs, agents, bootstrap, api); the HTTP and IPC adapters pass it on.
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
