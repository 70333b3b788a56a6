import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SentMail extends Mail {
  at: string;
  /** The first link in the mail, handy for the person running the backend in development. */
  link: string | null;
}

export interface Mailer {
  /** `log` is the request's logger, so the line carries its request id. */
  send(mail: Mail, log?: Logger): Promise<void>;
  /** Mails kept in memory when no SMTP server is configured (development and tests). */
  readonly outbox: SentMail[];
}

const OUTBOX_LIMIT = 200;

/**
 * SMTP when SMTP_URL is set; otherwise mails are logged and kept in a bounded in-memory
 * outbox (readable by tests and, in development, through /api/dev/mail).
 */
export function createMailer(opts: { smtpUrl: string | undefined; from: string; log: Logger }): Mailer {
  const outbox: SentMail[] = [];
  const transport: Transporter | null = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  return {
    outbox,
    async send(mail, log = opts.log) {
      if (transport) {
        await transport.sendMail({ from: opts.from, ...mail });
        return;
      }
      const link = /https?:\/\/\S+/.exec(mail.text)?.[0] ?? null;
      outbox.push({ ...mail, at: new Date().toISOString(), link });
      if (outbox.length > OUTBOX_LIMIT) outbox.shift();
      log.info({ to: mail.to, subject: mail.subject, link }, 'mail (not sent: SMTP_URL is not set)');
    },
  };
}
