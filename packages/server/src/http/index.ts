export * from './respond.js';
export * from './media.js';
export * from './body.js';
export * from './depth.js';
