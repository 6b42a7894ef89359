/** Something@somewhere.tld, without spaces: what both the chat and the booking form accept. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether `email` looks like an address one can write to. */
export function isValidEmail(email: string): boolean {
  return EMAIL.test(email);
}
