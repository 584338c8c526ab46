import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { describeSchemaIssue } from '../../../src/core/sessions/schema';

const Schema = v.object({ requests: v.array(v.object({ duration: v.number(), 'odd key': v.optional(v.string()) })), name: v.string() });
const firstIssue = (input: unknown) => {
  const result = v.safeParse(Schema, input);
  if (result.success) throw new Error('expected a failed parse');
  return result.issues[0];
};

describe('describeSchemaIssue: the one message for a rejected field', () => {
  it('names the field as a reader indexes the file, what it should be and what it was', () => {
    expect(describeSchemaIssue(firstIssue({ requests: [{ duration: 1 }, { duration: 'abc' }], name: 'x' }))).toBe('requests[1].duration: expected a number, got "abc"');
  });
  it('writes the same path with dots when asked', () => {
    expect(describeSchemaIssue(firstIssue({ requests: [{ duration: 'abc' }], name: 'x' }), 'dotted')).toBe('requests.0.duration: expected a number, got "abc"');
  });
  it('calls an absent field missing and quotes a key that is not an identifier', () => {
    expect(describeSchemaIssue(firstIssue({ requests: [] }))).toBe('name: missing');
    expect(describeSchemaIssue(firstIssue({ requests: [{ duration: 1, 'odd key': 3 }], name: 'x' }))).toBe('requests[0]["odd key"]: expected a string, got 3');
    expect(describeSchemaIssue(firstIssue({ name: 'x' }))).toBe('requests: missing');
  });
  it('has a message without an issue', () => expect(describeSchemaIssue(undefined)).toBe('invalid input'));
});
