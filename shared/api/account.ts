import { z } from 'zod';
import { currentPasswordSchema, emailSchema } from './auth.ts';

/** Schemas for /api/account/*: what a SaaS user can do with their own account. */

/** Deleting the account asks for the password again (a borrowed, signed-in laptop is not enough). */
export const deleteAccountRequest = z.strictObject({ password: currentPasswordSchema });

export const changeEmailRequest = z.strictObject({ newEmail: emailSchema, password: currentPasswordSchema });

export const confirmEmailChangeRequest = z.strictObject({
  token: z.string({ error: 'Token must be text.' }).min(16, 'The confirmation link is not valid.').max(256, 'The confirmation link is not valid.'),
});
