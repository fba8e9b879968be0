/**
 * Descriptor tables for coordination.k8s.io/v1 Lease, which client-go's leader election and
 * the kubelet's heartbeats send as protobuf. Field numbers are from coordination/v1
 * generated.proto (checked against kubectl 1.32's embedded descriptors); every LeaseSpec field
 * is a Go pointer, so each is emitted whenever it was sent.
 *
 * @example
 * decodeMessage(bytes, Lease, 'Lease'); // { metadata: { name: 'l' }, spec: { holderIdentity: 'a', renewTime: '...' } }
 */
import { ObjectMeta } from './meta-v1.js';
import { field, message, nested } from './schema.js';

const LeaseSpec = message('LeaseSpec', [
  field(1, 'holderIdentity', 'string', { ptr: true }),
  field(2, 'leaseDurationSeconds', 'int32', { ptr: true }),
  field(3, 'acquireTime', 'microTime', { ptr: true }),
  field(4, 'renewTime', 'microTime', { ptr: true }),
  field(5, 'leaseTransitions', 'int32', { ptr: true }),
  field(6, 'strategy', 'string', { ptr: true }),
  field(7, 'preferredHolder', 'string', { ptr: true }),
]);

export const Lease = message('Lease', [nested(1, 'metadata', ObjectMeta, { always: true }), nested(2, 'spec', LeaseSpec, { always: true })]);
