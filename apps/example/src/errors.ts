/** Base class of every error the example app throws; `code` is stable. */
export class ExampleError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ExampleError';
    this.code = code;
  }
}

/** Bad configuration or fault input: names the option and what it accepts. */
export class ExampleConfigError extends ExampleError {
  readonly option: string;
  constructor(option: string, accepted: string) {
    super('EXAMPLE_INVALID_CONFIG', `example: ${option} must be ${accepted}`);
    this.name = 'ExampleConfigError';
    this.option = option;
  }
}
