/**
 * Notes: the app's only data, kept in memory. Any authenticated user may add one and list
 * them; each note records who wrote it. A malformed note is kube's 422 Invalid with field causes.
 *
 * @example
 * api.use('/notes', notesRouter(new NoteStore()));
 * // POST /api/notes {"text":"hello"} -> 201 {"id":"1","text":"hello","author":"alice","createdAt":"..."}
 */
import express, { type Router } from 'express';
import { type FieldError, errors, fieldInvalid, fieldRequired, fieldTooLong } from '@apiserver-kit/core';
import { userOf } from '@apiserver-kit/authn';

export interface Note {
  id: string;
  text: string;
  author: string;
  createdAt: string;
}

export const maxNoteLength = 1000;

/** Notes in insertion order; the oldest are dropped beyond `max`. */
export class NoteStore {
  private readonly notes: Note[] = [];
  private nextId = 1;
  constructor(private readonly max = 10_000) {}

  add(text: string, author: string, now = new Date()): Note {
    const note: Note = { id: String(this.nextId++), text, author, createdAt: now.toISOString() };
    this.notes.push(note);
    if (this.notes.length > this.max) this.notes.shift();
    return { ...note };
  }

  list(): Note[] {
    return this.notes.map((n) => ({ ...n }));
  }
}

function validate(body: unknown): { text: string } {
  const text = typeof body === 'object' && body !== null ? (body as { text?: unknown }).text : undefined;
  const problems: FieldError[] = [];
  if (text === undefined || text === '') problems.push(fieldRequired('text'));
  else if (typeof text !== 'string') problems.push(fieldInvalid('text', text, 'must be a string'));
  else if (text.length > maxNoteLength) problems.push(fieldTooLong('text', maxNoteLength));
  if (problems.length > 0) throw errors.invalid({ group: '', kind: 'Note' }, '', problems);
  return { text: text as string };
}

export function notesRouter(store: NoteStore): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.json({ items: store.list() });
  });
  router.post('/', express.json({ limit: '16kb' }), (req, res) => {
    if (!req.is('application/json')) throw errors.unsupportedMediaType(req.get('content-type') ?? '', ['application/json']);
    const { text } = validate(req.body);
    const note = store.add(text, userOf(req)?.name ?? '');
    res.status(201).location(`${req.baseUrl}/${note.id}`).json(note);
  });
  return router;
}
