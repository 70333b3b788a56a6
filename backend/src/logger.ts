import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

/** Structured JSON logs; secrets and tokens are redacted wherever they appear. */
export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'stagetracker-backend', env: config.env },
    redact: {
      paths: ['*.password', '*.newPassword', '*.currentPassword', '*.refreshToken', '*.accessToken', '*.token', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
