// An error the API reports to its caller as is: HTTP status plus a sentence.
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
