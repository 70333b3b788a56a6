import type { Mail } from './mailer.ts';

/** The product's mails: short, plain text first, one clear action each. */
export const mails = {
  verifyEmail: (to: string, link: string, hours: number): Mail => ({
    to,
    subject: 'Confirm your StageTracker Pro email',
    text: `Welcome to StageTracker Pro!\n\nConfirm your email address to sign in on your devices:\n${link}\n\nThe link works for ${hours} hours. If you did not create an account, ignore this mail.`,
  }),
  welcome: (to: string): Mail => ({
    to,
    subject: 'Welcome to StageTracker Pro',
    text: 'Your email is confirmed. Sign in from the player on each computer you play from; your library stays on each device and works offline.',
  }),
  resetPassword: (to: string, link: string, minutes: number): Mail => ({
    to,
    subject: 'Reset your StageTracker Pro password',
    text: `Someone asked to reset the password of this account. To choose a new password, open:\n${link}\n\nThe link works for ${minutes} minutes and only once. If it was not you, ignore this mail: your password is unchanged.`,
  }),
  confirmEmailChange: (to: string, link: string, hours: number): Mail => ({
    to,
    subject: 'Confirm your new StageTracker Pro email',
    text: `Someone asked to use this address for a StageTracker Pro account. To confirm, open:\n${link}\n\nThe link works for ${hours} hours. Until then the account keeps its old address. If it was not you, ignore this mail.`,
  }),
  emailChanged: (to: string, newEmail: string): Mail => ({
    to,
    subject: 'Your StageTracker Pro email was changed',
    text: `Your account now signs in with ${newEmail}; this address is no longer used. If this was not you, reset your password from the new address or contact the person who runs this server.`,
  }),
  accountDeleted: (to: string, subscriptionsCancelled: number): Mail => ({
    to,
    subject: 'Your StageTracker Pro account was deleted',
    text: `Your account and its personal data were deleted${subscriptionsCancelled ? ', and your subscription was cancelled' : ''}. The library on your devices stays there and keeps working with Free limits.`,
  }),
  passwordChanged: (to: string): Mail => ({
    to,
    subject: 'Your StageTracker Pro password was changed',
    text: 'Your password was just changed and your other devices were signed out. If this was not you, reset your password now.',
  }),
};

export const billingMails = {
  subscriptionCancelled: (to: string, endsAt: Date | null): Mail => ({
    to,
    subject: 'Your StageTracker Pro subscription is cancelled',
    text: `Your Premium subscription will not renew. You keep Premium until ${endsAt ? endsAt.toUTCString() : 'the end of the current period'}. Your songs, setlists and mixes stay on your devices; after that date only adding beyond the Free limits is blocked.`,
  }),
};
