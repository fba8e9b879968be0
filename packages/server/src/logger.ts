/**
 * A minimal structured logger. Pass your own (pino, winston...) with the same three methods.
 * Nothing logs credentials: request logs carry the user name, never headers.
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function line(level: string, msg: string, fields?: Record<string, unknown>): string {
  const extra = fields ? Object.entries(fields).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join('') : '';
  return `${new Date().toISOString()} ${level} ${msg}${extra}\n`;
}

export const consoleLogger: Logger = {
  info: (msg, fields) => process.stderr.write(line('INFO', msg, fields)),
  warn: (msg, fields) => process.stderr.write(line('WARN', msg, fields)),
  error: (msg, fields) => process.stderr.write(line('ERROR', msg, fields)),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
