/** A request whose credentials are missing or invalid: answered with HTTP 401 and this message. */
export class AuthenticationError extends Error {
  readonly status = 401;
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}
