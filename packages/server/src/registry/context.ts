/**
 * What one write carries besides the object: who makes it, dry-run, field manager and
 * validation mode, and the warnings collected on the way (sent as Warning headers).
 */
import type { MutatingPlugin, UserInfo, ValidatingPlugin } from '@apiserver-kit/core';
import type { FieldValidation } from './validate.js';

export interface WriteContext {
  user: UserInfo;
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: FieldValidation;
  /** The API version the client addressed. */
  version: string;
  subresource: string;
  now: Date;
  warnings: string[];
  /** The options object (CreateOptions, UpdateOptions, PatchOptions, DeleteOptions) for admission. */
  options?: Record<string, unknown>;
}

export interface Admission {
  mutating?: MutatingPlugin;
  validating?: ValidatingPlugin;
}
