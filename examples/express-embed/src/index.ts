/**
 * express-embed — an ordinary Express app whose routes are guarded by @apiserver-kit/authn alone.
 *
 * @example
 * import { createApp, startServer } from 'express-embed';
 * const running = await startServer(createApp({ tokenFile: 's3cret,alice,uid-1,"admins"' }), { port: 8080 });
 */
export { createApp, type AppOptions } from './app.js';
export { appAuthenticator, type AuthnOptions } from './authn.js';
export { NoteStore, notesRouter, maxNoteLength, type Note } from './notes.js';
export { requireGroup, sendStatus, statusErrorHandler, notFoundHandler, toStatus } from './status.js';
export { startServer, type ServeOptions, type TlsOptions, type RunningServer } from './server.js';
export { parseConfig, loadConfig, ConfigError, type CliConfig, type LoadedConfig } from './config.js';
