export * from './rbac-types.js';
