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
