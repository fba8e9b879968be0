export * from './cel-types.js';
