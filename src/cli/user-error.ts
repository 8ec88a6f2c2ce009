/** The error type for everything the user can fix (bad input, bad usage, a path that cannot be written): exit 2, no stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
