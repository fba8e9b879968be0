/** kube's human-readable durations live in core (shared with authz and admission printers). */
export { humanDuration, humanReadableDate, parseTimestamp, shortHumanDuration, translateTimestampSince } from '@apiserver-kit/core';
