export * from './rbac-types.js';
export * from './reviews/access-reviews.js';
