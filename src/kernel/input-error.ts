/**
 * Bad input: a flag, a size, a file or a protocol definition that the harness
 * cannot take. The CLI turns it into one line on stderr and exit status 2;
 * the library throws it so callers can tell their mistakes from findings.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
