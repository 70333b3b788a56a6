import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../shared/api/password.ts';
import { registerRequest } from '../../shared/api/auth.ts';

describe('password rules (shared by the extension and the backend)', () => {
  it.each([
    ['Correct-Horse-42', []],
    ['short', ['Use at least 10 characters.', 'Include an uppercase letter.', 'Include a digit.']],
    ['alllowercase1', ['Include an uppercase letter.']],
    ['ALLUPPERCASE1', ['Include a lowercase letter.']],
    ['NoDigitsHereAtAll', ['Include a digit.']],
    [' Spaced-Out-42 ', ['Do not start or end with a space.']],
    ['Ünïcödé-Pässwörd-7', []],
  ])('%j', (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });

  it('normalises the email and keeps the password as typed', () => {
    const parsed = registerRequest.parse({ email: '  Singer@Example.COM ', password: 'Correct-Horse-42' });
    expect(parsed).toEqual({ email: 'singer@example.com', password: 'Correct-Horse-42' });
  });
});
