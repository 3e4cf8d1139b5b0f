import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { dependencyDown } from './error.filter';

function postgresError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

describe('dependencyDown: which errors answer 503 instead of 500', () => {
  it.each([
    ['57P03', 'the database system is shutting down'],
    ['57P03', 'the database system is starting up'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['08006', 'connection failure'],
    ['08P01', 'protocol violation'],
  ])('Postgres %s (%s), raw and wrapped by TypeORM', (code, message) => {
    const raw = postgresError(code, message);
    expect(dependencyDown(raw)).toBe(true);
    expect(dependencyDown(new QueryFailedError('SELECT 1', [], raw))).toBe(true);
    expect(dependencyDown(new Error('projection failed', { cause: raw }))).toBe(true);
  });

  it.each([
    ['timeout exceeded when trying to connect', undefined],
    ['connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'],
    ['Connection terminated unexpectedly', undefined],
    ['14 UNAVAILABLE: No connection established', 14],
  ])('a pool or socket failure: %s', (message, code) => {
    expect(dependencyDown(Object.assign(new Error(message), { code }))).toBe(true);
  });

  it.each([
    ['23505', 'duplicate key value violates unique constraint'],
    ['22P02', 'invalid input syntax for type uuid'],
    ['42P01', 'relation "nowhere" does not exist'],
    ['57014', 'canceling statement due to statement timeout'],
  ])('a statement error stays a 500: Postgres %s (%s)', (code, message) => {
    expect(dependencyDown(postgresError(code, message))).toBe(false);
    expect(dependencyDown(new QueryFailedError('SELECT 1', [], postgresError(code, message)))).toBe(false);
  });

  it('a plain bug stays a 500', () => {
    expect(dependencyDown(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(dependencyDown('not even an error')).toBe(false);
  });
});
