/** Go formatting for kube's RBAC messages; the shared implementation lives in core. */
export { aggregateMessage, goQuote, goQuoteList, goStringSlice } from '@apiserver-kit/core';
