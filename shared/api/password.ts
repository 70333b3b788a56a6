/**
 * Password strength rules, shared so the extension can show the same messages live
 * while the user types as the backend sends back on submit.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordRule {
  id: string;
  message: string;
  test: (password: string) => boolean;
}

export const PASSWORD_RULES: readonly PasswordRule[] = [
  {
    id: 'length',
    message: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    test: (p) => [...p].length >= PASSWORD_MIN_LENGTH,
  },
  {
    id: 'max_length',
    message: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
    test: (p) => [...p].length <= PASSWORD_MAX_LENGTH,
  },
  { id: 'lowercase', message: 'Include a lowercase letter.', test: (p) => /\p{Ll}/u.test(p) },
  { id: 'uppercase', message: 'Include an uppercase letter.', test: (p) => /\p{Lu}/u.test(p) },
  { id: 'digit', message: 'Include a digit.', test: (p) => /\p{Nd}/u.test(p) },
  {
    // bcrypt reads a password up to its first NUL, and control characters cannot be typed back.
    id: 'no_control_characters',
    message: 'Do not use control characters.',
    test: (p) => !/[\u0000-\u001F\u007F-\u009F]/.test(p) && !/[\uD800-\uDFFF]/u.test(p),
  },
  {
    id: 'not_blank_edges',
    message: 'Do not start or end with a space.',
    test: (p) => p === p.trim(),
  },
];

/** Every rule the password breaks, in a stable order; empty when it is strong enough. */
export function passwordProblems(password: string): string[] {
  return PASSWORD_RULES.filter((r) => !r.test(password)).map((r) => r.message);
}
