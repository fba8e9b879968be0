/**
 * core/v1 Event (shortName ev). Table columns as kube-apiserver sends them (`kubectl get
 * events` prints LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; `-o wide` adds SUBOBJECT, SOURCE,
 * FIRST SEEN, COUNT, NAME), kube's legacy event validation (the rules core/v1 writes get),
 * and the field selectors involvedObject.*, reason, reportingComponent, source and type.
 *
 * @example
 * import { events } from './builtins/events.js';
 * events.strategy!.selectableFields!(ev)['involvedObject.name']; // "web-0"
 */
import { z } from 'zod';
import {
  type ApiObject,
  type FieldError,
  type PrinterColumn,
  defineResource,
  fieldInvalid,
  fieldRequired,
  isDNS1123Subdomain,
  isQualifiedName,
  utf8Length,
} from '@apiserver-kit/core';
import { nameColumn } from '../table/columns.js';
import { translateTimestampSince } from '../table/duration.js';
import { int32Schema, kindSchema, objectReferenceSchema, opt, timeSchema } from './meta.js';

export const eventSchema = kindSchema({
  involvedObject: opt(objectReferenceSchema),
  reason: opt(z.string()),
  message: opt(z.string()),
  source: opt(z.strictObject({ component: opt(z.string()), host: opt(z.string()) })),
  firstTimestamp: opt(timeSchema),
  lastTimestamp: opt(timeSchema),
  count: opt(int32Schema),
  type: opt(z.string()),
  eventTime: opt(timeSchema),
  series: opt(z.strictObject({ count: opt(int32Schema), lastObservedTime: opt(timeSchema) })),
  action: opt(z.string()),
  related: opt(objectReferenceSchema),
  reportingComponent: opt(z.string()),
  reportingInstance: opt(z.string()),
});

interface EventFields {
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string } | null;
  reason?: string | null;
  message?: string | null;
  source?: { component?: string | null; host?: string | null } | null;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number | null;
  type?: string | null;
  eventTime?: string | null;
  series?: { count?: number | null; lastObservedTime?: string | null } | null;
  action?: string | null;
  reportingComponent?: string | null;
  reportingInstance?: string | null;
}

const ev = (obj: ApiObject): EventFields => obj as EventFields;

const reportingInstanceLengthLimit = 128;
const actionLengthLimit = 128;
const reasonLengthLimit = 128;
const noteLengthLimit = 1024;

/** kube's legacyValidateEvent: the validation core/v1 (and events.k8s.io/v1beta1) writes get. */
export function validateEvent(obj: ApiObject): FieldError[] {
  const e = ev(obj);
  const errs: FieldError[] = [];
  const ns = obj.metadata.namespace ?? '';
  const involvedNs = e.involvedObject?.namespace ?? '';
  const mismatch = () => fieldInvalid('involvedObject.namespace', involvedNs, 'does not match event.namespace');
  if (!e.eventTime) {
    if (involvedNs === '') {
      // For compatibility with old clients, an event about a cluster-scoped object may live in "default".
      if (ns !== '' && ns !== 'default') errs.push(mismatch());
    } else if (ns !== involvedNs) errs.push(mismatch());
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') errs.push(mismatch());
    const controller = e.reportingComponent ?? '';
    if (controller === '') errs.push(fieldRequired('reportingController', ''));
    for (const m of isQualifiedName(controller)) errs.push(fieldInvalid('reportingController', controller, m));
    const instance = e.reportingInstance ?? '';
    if (instance === '') errs.push(fieldRequired('reportingInstance', ''));
    if (utf8Length(instance) > reportingInstanceLengthLimit)
      errs.push(fieldInvalid('reportingInstance', '', `can have at most ${reportingInstanceLengthLimit} characters`));
    const action = e.action ?? '';
    if (action === '') errs.push(fieldRequired('action', ''));
    if (utf8Length(action) > actionLengthLimit) errs.push(fieldInvalid('action', '', `can have at most ${actionLengthLimit} characters`));
    const reason = e.reason ?? '';
    if (reason === '') errs.push(fieldRequired('reason', ''));
    if (utf8Length(reason) > reasonLengthLimit) errs.push(fieldInvalid('reason', '', `can have at most ${reasonLengthLimit} characters`));
    if (utf8Length(e.message ?? '') > noteLengthLimit)
      errs.push(fieldInvalid('message', '', `can have at most ${noteLengthLimit} characters`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(fieldInvalid('namespace', ns, m));
  return errs;
}

/** The LAST SEEN, FIRST SEEN and COUNT cells, as kube's printEvent computes them. */
export function eventTimes(obj: ApiObject, now: Date): { lastSeen: string; firstSeen: string; count: number } {
  const e = ev(obj);
  const firstSeen = translateTimestampSince(e.firstTimestamp || e.eventTime, now);
  let lastSeen = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, now) : firstSeen;
  let count = e.count ?? 0;
  if (e.series) {
    lastSeen = translateTimestampSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events don't have a count set in the new API.
    count = 1;
  }
  return { lastSeen, firstSeen, count };
}

/** The OBJECT cell: `kind/name` in lower-case kind, or the kind alone. */
export function eventTarget(obj: ApiObject): string {
  const ref = ev(obj).involvedObject;
  const kind = (ref?.kind ?? '').toLowerCase();
  return ref?.name ? `${kind}/${ref.name}` : kind;
}

/** The SOURCE cell: component (or reportingComponent), then host (or reportingInstance) after ", ". */
export function eventSource(obj: ApiObject): string {
  const e = ev(obj);
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

const str = (v: string | null | undefined) => v ?? '';

const eventColumns: PrinterColumn[] = [
  { name: 'Last Seen', type: 'string', description: 'The time at which the most recent occurrence of this event was recorded.', value: (o, now) => eventTimes(o, now).lastSeen },
  { name: 'Type', type: 'string', description: 'Type of this event (Normal, Warning), new types could be added in the future', value: (o) => str(ev(o).type) },
  {
    name: 'Reason',
    type: 'string',
    description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    value: (o) => str(ev(o).reason),
  },
  { name: 'Object', type: 'string', description: 'The object that this event is about.', value: eventTarget },
  {
    name: 'Subobject',
    type: 'string',
    priority: 1,
    description:
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
    value: (o) => str(ev(o).involvedObject?.fieldPath),
  },
  { name: 'Source', type: 'string', priority: 1, description: 'The component reporting this event. Should be a short machine understandable string.', value: eventSource },
  { name: 'Message', type: 'string', description: 'A human-readable description of the status of this operation.', value: (o) => str(ev(o).message).trim() },
  {
    name: 'First Seen',
    type: 'string',
    priority: 1,
    description: 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
    value: (o, now) => eventTimes(o, now).firstSeen,
  },
  { name: 'Count', type: 'string', priority: 1, description: 'The number of times this event has occurred.', value: (o, now) => eventTimes(o, now).count },
  nameColumn(1),
];

export const events = defineResource({
  group: '',
  versions: ['v1'],
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  shortNames: ['ev'],
  namespaced: true,
  schema: eventSchema,
  printerColumns: eventColumns,
  strategy: {
    validate: validateEvent,
    // core/v1 updates get the same legacy validation as creates (kube's ValidateEventUpdate for v1).
    validateUpdate: (obj) => validateEvent(obj),
    selectableFields(obj) {
      const e = ev(obj);
      const ref = e.involvedObject ?? {};
      return {
        'involvedObject.kind': str(ref.kind),
        'involvedObject.namespace': str(ref.namespace),
        'involvedObject.name': str(ref.name),
        'involvedObject.uid': str(ref.uid),
        'involvedObject.apiVersion': str(ref.apiVersion),
        'involvedObject.resourceVersion': str(ref.resourceVersion),
        'involvedObject.fieldPath': str(ref.fieldPath),
        reason: str(e.reason),
        reportingComponent: str(e.reportingComponent),
        source: e.source?.component || str(e.reportingComponent),
        type: str(e.type),
      };
    },
  },
});
